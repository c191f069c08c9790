/**
 * Gradients of the data-movement kernels (reshape, transpose, slice, pad, concat, split, stack,
 * tile, select). They are linear maps, so each gradient is the adjoint data movement, and the
 * set is closed: slice ↔ pad, concat ↔ split, stack ↔ unstack.
 */
import * as tf from '@tensorflow/tfjs-core';
import { single } from './grad-util';

type Attrs = tf.NamedAttrMap;

function reshapeBack(kernelName: string, input: string): tf.GradConfig {
  return { kernelName, inputsToSave: [input], gradFunc: (dy, [x]) => ({ [input]: () => tf.reshape(single(dy), x.shape) }) };
}

function sliceGrad(dy: tf.Tensor, x: tf.Tensor, attrs: Attrs): tf.Tensor {
  const { begin, size } = attrs as unknown as tf.SliceAttrs;
  const [start, extent] = tf.slice_util.parseSliceParams(x, begin, size);
  const paddings = x.shape.map((d, i) => [start[i], d - start[i] - extent[i]] as [number, number]);
  return tf.pad(dy, paddings);
}

function padGrad(dy: tf.Tensor, x: tf.Tensor, attrs: Attrs): tf.Tensor {
  const { paddings } = attrs as unknown as tf.PadV2Attrs;
  return tf.slice(dy, paddings.map((p) => p[0]), x.shape);
}

/**
 * The part of `dy` that belongs to input `index` of a concat or stack along `axis`. Each input's
 * gradient is its own Slice: the engine runs every input's gradient in a separate tidy, so pieces
 * of one shared split would be disposed before they are used.
 */
function pieceOf(dy: tf.Tensor, saved: tf.Tensor[], index: number, axis: number, stacked: boolean): tf.Tensor {
  const ax = tf.util.parseAxisParam(axis, dy.shape)[0];
  const extent = (t: tf.Tensor): number => (stacked ? 1 : t.shape[ax]);
  const begin = dy.shape.map(() => 0);
  begin[ax] = saved.slice(0, index).reduce((s, t) => s + extent(t), 0);
  const size = dy.shape.slice();
  size[ax] = extent(saved[index]);
  return tf.reshape(tf.slice(dy, begin, size), saved[index].shape);
}

function perInput(dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], axis: number, stacked: boolean): Record<string, () => tf.Tensor> {
  const grads: Record<string, () => tf.Tensor> = {};
  saved.forEach((_t, i) => {
    grads[i] = () => pieceOf(single(dy), saved, i, axis, stacked);
  });
  return grads;
}

/** The upstream gradients of a multi-output kernel (the engine fills absent ones with zeros). */
function listOf(dy: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(dy) ? dy : [dy];
}

/** Sums the tiled copies: axis i of size r·d is viewed as [r, d] and summed over r. */
function tileGrad(dy: tf.Tensor, x: tf.Tensor, attrs: Attrs): tf.Tensor {
  const { reps } = attrs as unknown as tf.TileAttrs;
  const split = x.shape.flatMap((d, i) => [reps[i], d]);
  const repAxes = x.shape.map((_d, i) => 2 * i).filter((a) => reps[a / 2] > 1);
  const summed = repAxes.length > 0 ? tf.sum(tf.reshape(dy, split), repAxes) : dy;
  return tf.reshape(summed, x.shape);
}

/** Gradients of Reshape, ExpandDims, Transpose, Slice, PadV2, Concat, SplitV, Pack, Unpack, Tile, Select. */
export const shapeGradients: readonly tf.GradConfig[] = [
  reshapeBack(tf.Reshape, 'x'),
  reshapeBack(tf.ExpandDims, 'input'),
  {
    kernelName: tf.Transpose,
    gradFunc: (dy, _saved, attrs) => ({
      x: () => {
        const { perm } = attrs as unknown as tf.TransposeAttrs;
        const inverse = perm.map((_p, i) => perm.indexOf(i));
        return tf.transpose(single(dy), inverse);
      },
    }),
  },
  { kernelName: tf.Slice, inputsToSave: ['x'], gradFunc: (dy, [x], attrs) => ({ x: () => sliceGrad(single(dy), x, attrs) }) },
  { kernelName: tf.PadV2, inputsToSave: ['x'], gradFunc: (dy, [x], attrs) => ({ x: () => padGrad(single(dy), x, attrs) }) },
  {
    kernelName: tf.Concat,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => perInput(dy, saved, (attrs as unknown as tf.ConcatAttrs).axis, false),
  },
  {
    kernelName: tf.SplitV,
    gradFunc: (dy, _saved, attrs) => ({ x: () => tf.concat(listOf(dy), (attrs as unknown as tf.SplitVAttrs).axis) }),
  },
  {
    kernelName: tf.Pack,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => perInput(dy, saved, (attrs as unknown as tf.PackAttrs).axis, true),
  },
  {
    kernelName: tf.Unpack,
    gradFunc: (dy, _saved, attrs) => ({ value: () => tf.stack(listOf(dy), (attrs as unknown as tf.UnpackAttrs).axis) }),
  },
  { kernelName: tf.Tile, inputsToSave: ['x'], gradFunc: (dy, [x], attrs) => ({ x: () => tileGrad(single(dy), x, attrs) }) },
  {
    // The condition is a mask: zero gradient. The branches receive dy where they were selected.
    kernelName: tf.Select,
    inputsToSave: ['condition'],
    gradFunc: (dy, [condition]) => ({
      condition: () => tf.zeros(condition.shape, 'float32'),
      t: () => tf.mul(single(dy), tf.cast(condition, 'float32')),
      e: () => tf.mul(single(dy), tf.cast(tf.logicalNot(condition), 'float32')),
    }),
  },
];
