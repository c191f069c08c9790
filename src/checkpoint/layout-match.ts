/**
 * Checks that a checkpoint's tensors are the ones a model expects (same names, order and shapes),
 * so loading a VGG checkpoint into an MLP fails clearly instead of deep inside a forward pass.
 */
import { Params } from '../model/params';
import { CheckpointError } from './checkpoint-error';
import { TensorEntry } from './format';

/**
 * Throws unless `tensors` has the names, order and shapes of `like`.
 * @param tensors the manifest's tensor rows.
 * @param like parameters of the expected model (e.g. `model.init(0)`).
 * @param file the manifest path, for the error message.
 * @throws CheckpointError describing the first difference.
 */
export function checkLayoutMatches(tensors: readonly TensorEntry[], like: Params, file: string): void {
  if (tensors.length !== like.length) {
    throw new CheckpointError(file, `holds ${tensors.length} tensors but the model has ${like.length}`);
  }
  tensors.forEach((t, i) => {
    const want = like[i];
    if (t.name !== want.name) {
      throw new CheckpointError(file, `tensor ${i} is '${t.name}' but the model expects '${want.name}'`);
    }
    const same = t.shape.length === want.value.shape.length && t.shape.every((d, j) => d === want.value.shape[j]);
    if (!same) {
      throw new CheckpointError(file, `tensor '${t.name}' has shape [${t.shape}] but the model expects [${want.value.shape}]`);
    }
  });
}
