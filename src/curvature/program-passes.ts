/**
 * The forward and backward pass at w of a layer program (src/model/layer-program.ts) on one data
 * chunk, keeping per layer what its R-operator needs (program-rop.ts): a conv or dense layer its
 * input a and output gradient δ; an activation σ'(z) and, when σ'' is not zero, σ''(z)⊙e (e the
 * gradient at its output); a max-pool its selection mask. Nothing else is kept.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvLayer, DenseLayer, Layer, LayerProgram } from '../model/layer-program';
import { ActivationName } from '../nn/activations';
import { activationJet, isPiecewiseLinear, piecewiseLinearJet } from '../nn/activation-derivatives';
import { axisGeometry } from '../nn/conv-geometry';
import { conv2d } from '../nn/conv2d';
import { dense } from '../nn/dense';
import { maxPool2x2, globalAvgPool } from '../nn/pool';
import { firstMaxMask, upsample } from '../autodiff/grads-pool';
import { inputGrad } from '../autodiff/grads-conv';
import { Pads } from '../autodiff/conv-ops';
import { LossKind, OutputPass, outputPass } from './output-curvature';

/** A conv or dense layer at w: its input, whether that input moves with w, and δ at its output. */
export interface LinearTrace<L extends ConvLayer | DenseLayer> {
  readonly op: L['op'];
  readonly layer: L;
  readonly input: tf.Tensor;
  /** False for the data itself: no gradient flows into it, and its R is zero. */
  readonly inputMoves: boolean;
  delta?: tf.Tensor;
}

/** The kept state of one layer at w. */
export type Trace =
  | LinearTrace<ConvLayer> | LinearTrace<DenseLayer>
  | { readonly op: 'act'; readonly slope: tf.Tensor; second?: tf.Tensor; bend?: tf.Tensor }
  | { readonly op: 'maxpool'; readonly mask: tf.Tensor4D; readonly inShape: number[] }
  | { readonly op: 'global-avg-pool' | 'flatten'; readonly inShape: number[] }
  | { readonly op: 'residual'; readonly layer: { readonly scale: number }; readonly branch: Trace[]; readonly shortcut: Trace[] };

/** One chunk's passes at w. */
export interface ChunkTrace {
  readonly traces: Trace[];
  readonly output: OutputPass;
  /** Every tensor the traces hold, once: what dispose frees and what the memory budget counts. */
  readonly owned: tf.Tensor[];
}

/** Stride, dilation and explicit pads of a 'same' convolution of `input` by a [kh, kw, …] kernel (as src/nn/conv2d pads). */
export function convGeometry(inShape: readonly number[], kernelShape: readonly number[], stride: 1 | 2): { s: [number, number]; d: [number, number]; p: Pads } {
  const gh = axisGeometry(inShape[1], kernelShape[0], stride, 'same');
  const gw = axisGeometry(inShape[2], kernelShape[1], stride, 'same');
  return { s: [stride, stride], d: [1, 1], p: [[gh.before, gh.after], [gw.before, gw.after]] };
}

/**
 * The passes at w on one chunk: forward through `program`, δ at the output from the loss, then
 * backward, keeping what {@link Trace} lists. Call outside any tidy whose end should free them.
 * @param x the chunk's inputs (cloned: the chunk's buffer may be freed after the call).
 */
export function tracePasses(program: LayerProgram, loss: LossKind, ws: readonly tf.Tensor[], x: tf.Tensor, y: tf.Tensor2D): ChunkTrace {
  let traces: Trace[] = [];
  let output: OutputPass | undefined;
  // The tidy keeps exactly the returned tensors: everything the traces hold, nothing else.
  const owned = tf.tidy(() => {
    const forward = forwardLayers(program.layers, program.activation, ws, tf.clone(x), false);
    traces = forward.traces;
    output = outputPass(loss, forward.out as tf.Tensor2D, y, 'programPointHvp');
    backwardLayers(traces, ws, output.delta);
    return [...new Set([...traces.flatMap(tensorsOfTrace), output.delta, ...(output.p ? [output.p, output.mass!] : [])])];
  });
  return { traces, output: output!, owned };
}

function forwardLayers(layers: readonly Layer[], activation: ActivationName, ws: readonly tf.Tensor[], x: tf.Tensor, moves: boolean):
  { out: tf.Tensor; traces: Trace[]; moves: boolean } {
  const traces: Trace[] = [];
  let a = x;
  for (const layer of layers) {
    switch (layer.op) {
      case 'conv':
        traces.push({ op: 'conv', layer, input: a, inputMoves: moves });
        a = conv2d(a as tf.Tensor4D, ws[layer.kernel] as tf.Tensor4D, layer.bias === undefined ? undefined : ws[layer.bias] as tf.Tensor1D, { stride: layer.stride, padding: 'same' });
        moves = true;
        break;
      case 'dense':
        traces.push({ op: 'dense', layer, input: a, inputMoves: moves });
        a = dense(a as tf.Tensor2D, ws[layer.kernel] as tf.Tensor2D, layer.bias === undefined ? undefined : ws[layer.bias] as tf.Tensor1D);
        moves = true;
        break;
      case 'act': {
        // σ'' = 0 for ReLU and the identity: no σ''⊙e is built, kept or applied.
        const jet: { value: tf.Tensor; first: tf.Tensor; second?: tf.Tensor } =
          isPiecewiseLinear(activation) ? piecewiseLinearJet(activation, a) : activationJet(activation, a);
        traces.push({ op: 'act', slope: jet.first, second: jet.second });
        a = jet.value;
        break;
      }
      case 'maxpool':
        traces.push({ op: 'maxpool', mask: firstMaxMask(a as tf.Tensor4D, [2, 2]), inShape: a.shape });
        a = maxPool2x2(a as tf.Tensor4D);
        break;
      case 'global-avg-pool':
        traces.push({ op: 'global-avg-pool', inShape: a.shape });
        a = globalAvgPool(a as tf.Tensor4D);
        break;
      case 'flatten':
        traces.push({ op: 'flatten', inShape: a.shape });
        a = tf.reshape(a, [a.shape[0], -1]);
        break;
      case 'residual': {
        const branch = forwardLayers(layer.branch, activation, ws, a, moves);
        const shortcut = layer.shortcut.length ? forwardLayers(layer.shortcut, activation, ws, a, moves) : { out: a, traces: [], moves };
        traces.push({ op: 'residual', layer, branch: branch.traces, shortcut: shortcut.traces });
        a = tf.add(shortcut.out, layer.scale === 1 ? branch.out : tf.mul(branch.out, layer.scale));
        moves = branch.moves || shortcut.moves;
        break;
      }
      default:
        throw new Error(`unknown layer '${(layer as { op: string }).op}'`);
    }
  }
  return { out: a, traces, moves };
}

/**
 * Backward at w from the gradient `g` at the layers' output: records δ and σ''⊙e, and returns the
 * gradient at their input, or undefined where the input does not move (nothing before it has
 * parameters, so nothing is computed for it).
 */
function backwardLayers(traces: readonly Trace[], ws: readonly tf.Tensor[], g: tf.Tensor): tf.Tensor | undefined {
  let up: tf.Tensor | undefined = g;
  for (let i = traces.length - 1; i >= 0 && up !== undefined; i--) {
    const t = traces[i];
    const gy: tf.Tensor = up;
    switch (t.op) {
      case 'conv': {
        t.delta = gy;
        const w = ws[t.layer.kernel] as tf.Tensor4D;
        const { s, d, p } = convGeometry(t.input.shape, w.shape, t.layer.stride);
        up = t.inputMoves ? inputGrad(gy as tf.Tensor4D, w, t.input.shape, s, d, p) : undefined;
        break;
      }
      case 'dense':
        t.delta = gy;
        up = t.inputMoves ? tf.matMul(gy as tf.Tensor2D, ws[t.layer.kernel] as tf.Tensor2D, false, true) : undefined;
        break;
      case 'act':
        if (t.second) t.bend = tf.mul(t.second, gy);
        t.second = undefined; // freed by the tidy: only σ''⊙e is kept
        up = tf.mul(t.slope, gy);
        break;
      case 'maxpool':
      case 'global-avg-pool':
      case 'flatten':
        up = adjointOf(t, gy);
        break;
      case 'residual': {
        const viaBranch = backwardLayers(t.branch, ws, t.layer.scale === 1 ? gy : tf.mul(gy, t.layer.scale));
        const viaShortcut = t.shortcut.length ? backwardLayers(t.shortcut, ws, gy) : gy;
        up = sumOrOne(viaShortcut, viaBranch);
        break;
      }
    }
  }
  return up;
}

/**
 * A gradient at the output of a layer that is linear given its trace, taken to its input: the max
 * selection routes g to the chosen entries, the average spreads g/(h·w) over the pixels, flatten
 * restores the shape. The same map takes δ back and, since the layer is linear, Rδ.
 */
export function adjointOf(t: Extract<Trace, { op: 'maxpool' | 'global-avg-pool' | 'flatten' }>, g: tf.Tensor): tf.Tensor {
  if (t.op === 'maxpool') return tf.mul(t.mask, upsample(g, [2, 2], t.inShape));
  if (t.op === 'flatten') return tf.reshape(g, t.inShape);
  const [b, h, w, c] = t.inShape;
  // A product with ones, not broadcastTo: wasm's Tile is twenty times slower, and x·1 = x.
  return tf.mul(tf.reshape(tf.div(g, h * w), [b, 1, 1, c]), tf.ones([1, h, w, 1]));
}

/** a + b where either may be absent (a zero that was never computed). */
export function sumOrOne(a: tf.Tensor | undefined, b: tf.Tensor | undefined): tf.Tensor | undefined {
  return a === undefined ? b : b === undefined ? a : tf.add(a, b);
}

function tensorsOfTrace(t: Trace): tf.Tensor[] {
  switch (t.op) {
    case 'conv':
    case 'dense':
      return t.delta ? [t.input, t.delta] : [t.input];
    case 'act':
      return [t.slope, ...(t.bend ? [t.bend] : []), ...(t.second ? [t.second] : [])];
    case 'maxpool':
      return [t.mask];
    case 'global-avg-pool':
    case 'flatten':
      return [];
    case 'residual':
      return [...t.branch.flatMap(tensorsOfTrace), ...t.shortcut.flatMap(tensorsOfTrace)];
  }
}
