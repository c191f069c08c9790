/**
 * Parameters ↔ the bytes of params.bin: tensors concatenated in order, row-major (TF.js already
 * stores tensors row-major), little-endian float32. Byte-swaps on big-endian hosts so the file is
 * the same everywhere.
 */
import { Params } from '../model/params';
import { BYTES_PER_SCALAR, TensorEntry } from './format';
import { toFromLittleEndian } from './binary-file';

/** params.bin content plus the manifest rows describing it. */
export interface EncodedParams {
  readonly tensors: TensorEntry[];
  readonly bytes: Buffer;
}

/**
 * Reads the parameters off the backend and lays them out as params.bin.
 * @param params float32 parameters with unique names, in checkpoint order.
 * @returns the manifest rows and the file bytes.
 * @throws Error on a duplicate name or a non-float32 tensor.
 * @example const { tensors, bytes } = await encodeParams(model.init(0));
 */
export async function encodeParams(params: Params): Promise<EncodedParams> {
  const tensors = layoutOf(params);
  const total = tensors.reduce((s, t) => s + t.byteLength, 0);
  const bytes = Buffer.alloc(total);
  for (let i = 0; i < params.length; i++) {
    const values = (await params[i].value.data()) as Float32Array;
    const src = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    src.copy(bytes, tensors[i].byteOffset);
  }
  return { tensors, bytes: toFromLittleEndian(bytes, BYTES_PER_SCALAR) };
}

/**
 * One tensor's values from params.bin bytes (a copy, in host byte order).
 * @param bytes the whole params.bin.
 * @param entry the tensor's manifest row (already validated against the file size).
 * @example const kernel = decodeTensor(bytes, manifest.params.tensors[0]);
 */
export function decodeTensor(bytes: Uint8Array, entry: TensorEntry): Float32Array {
  const out = new Float32Array(entry.size);
  const view = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  view.set(bytes.subarray(entry.byteOffset, entry.byteOffset + entry.byteLength));
  toFromLittleEndian(view, BYTES_PER_SCALAR);
  return out;
}

function layoutOf(params: Params): TensorEntry[] {
  const seen = new Set<string>();
  let byteOffset = 0;
  return params.map((p) => {
    if (seen.has(p.name)) throw new Error(`duplicate parameter name '${p.name}'`);
    seen.add(p.name);
    if (p.value.dtype !== 'float32') throw new Error(`parameter '${p.name}' is ${p.value.dtype}; checkpoints hold float32 only`);
    const entry: TensorEntry = {
      name: p.name, shape: [...p.value.shape], dtype: 'float32',
      size: p.value.size, byteOffset, byteLength: p.value.size * BYTES_PER_SCALAR,
    };
    byteOffset += entry.byteLength;
    return entry;
  });
}
