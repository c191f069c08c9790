/**
 * Pearlmutter's R-operator on the kept passes of a layer program (program-passes.ts): one H·v on
 * one chunk, with no forward or backward pass at w redone. Per layer (a its input, δ the gradient
 * at its output, V and c the directions of its kernel and bias, Ra and Rδ their R-images):
 *   conv/dense   Rz = K(Ra, W) + K(a, V) + c;     (H·v)_W = Kᵀ(Ra, δ) + Kᵀ(a, Rδ),  (H·v)_b = Σ Rδ
 *                Rδ at the input = K*(Rδ, W) + K*(δ, V)   (K* the input gradient, Kᵀ the filter gradient)
 *   activation   Ra' = σ'(z)⊙Rz;                  Rδ at z = σ'(z)⊙Rδ' + σ''(z)⊙e⊙Rz
 *   max-pool     the selected entries (the mask is piecewise constant, as in grads-pool.ts)
 *   average, flatten, residual sum: linear, so R is the layer itself and Rδ its adjoint.
 * A conv layer's HVP thus costs six convolution-sized products (two if its input is the data),
 * against nine when double backprop redoes the passes at w.
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2d } from '../nn/conv2d';
import { dense } from '../nn/dense';
import { globalAvgPool } from '../nn/pool';
import { filterGrad, inputGrad } from '../autodiff/grads-conv';
import { ChunkTrace, Trace, adjointOf, convGeometry, sumOrOne } from './program-passes';
import { LossKind, outputRDelta } from './output-curvature';

/** Per layer, what the R-forward pass computed that the R-backward pass needs again. */
interface RTrace { readonly ra?: tf.Tensor; readonly branch?: RTrace[]; readonly shortcut?: RTrace[] }

/**
 * Σ over the chunk's examples of ∇²ℓ·v (no 1/n, no weight decay), one tensor per parameter (call
 * inside tf.tidy).
 */
export function chunkProgramHvp(loss: LossKind, ws: readonly tf.Tensor[], vs: readonly tf.Tensor[], chunk: ChunkTrace): tf.Tensor[] {
  const rtraces: RTrace[] = [];
  const rf = rForward(chunk.traces, ws, vs, undefined, rtraces);
  if (rf === undefined) throw new Error('the network output does not depend on its parameters');
  const out: (tf.Tensor | undefined)[] = new Array(ws.length).fill(undefined);
  rBackward(chunk.traces, rtraces, ws, vs, outputRDelta(loss, chunk.output, rf as tf.Tensor2D), out);
  return out.map((t, i) => t ?? tf.zeros(ws[i].shape));
}

/** R of the layers' output from R of their input (undefined: zero, the data's). */
function rForward(traces: readonly Trace[], ws: readonly tf.Tensor[], vs: readonly tf.Tensor[], rx: tf.Tensor | undefined, rtraces: RTrace[]): tf.Tensor | undefined {
  let ra = rx;
  for (const t of traces) {
    switch (t.op) {
      case 'conv': {
        rtraces.push({ ra });
        const { kernel, bias, stride } = t.layer;
        const viaV = conv2d(t.input as tf.Tensor4D, vs[kernel] as tf.Tensor4D, bias === undefined ? undefined : vs[bias] as tf.Tensor1D, { stride, padding: 'same' });
        ra = ra === undefined ? viaV : tf.add(conv2d(ra as tf.Tensor4D, ws[kernel] as tf.Tensor4D, undefined, { stride, padding: 'same' }), viaV);
        break;
      }
      case 'dense': {
        rtraces.push({ ra });
        const { kernel, bias } = t.layer;
        const viaV = dense(t.input as tf.Tensor2D, vs[kernel] as tf.Tensor2D, bias === undefined ? undefined : vs[bias] as tf.Tensor1D);
        ra = ra === undefined ? viaV : tf.add(tf.matMul(ra as tf.Tensor2D, ws[kernel] as tf.Tensor2D), viaV);
        break;
      }
      case 'act':
        rtraces.push({ ra });
        ra = ra === undefined ? undefined : tf.mul(t.slope, ra);
        break;
      case 'maxpool':
        rtraces.push({});
        // The one selected entry of each window: a window sum of mask⊙R (exact: ×4 undoes the ÷4).
        ra = ra === undefined ? undefined : tf.mul(tf.avgPool(tf.mul(t.mask, ra) as tf.Tensor4D, 2, 2, 'valid'), 4);
        break;
      case 'global-avg-pool':
        rtraces.push({});
        ra = ra === undefined ? undefined : globalAvgPool(ra as tf.Tensor4D);
        break;
      case 'flatten':
        rtraces.push({});
        ra = ra === undefined ? undefined : tf.reshape(ra, [ra.shape[0], -1]);
        break;
      case 'residual': {
        const branch: RTrace[] = [];
        const shortcut: RTrace[] = [];
        const rb = rForward(t.branch, ws, vs, ra, branch);
        const rs = t.shortcut.length ? rForward(t.shortcut, ws, vs, ra, shortcut) : ra;
        rtraces.push({ branch, shortcut });
        ra = sumOrOne(rs, rb === undefined || t.layer.scale === 1 ? rb : tf.mul(rb, t.layer.scale));
        break;
      }
    }
  }
  return ra;
}

/** Adds each layer's (H·v) into `out` and returns Rδ at the layers' input (undefined where it does not move). */
function rBackward(traces: readonly Trace[], rtraces: readonly RTrace[], ws: readonly tf.Tensor[], vs: readonly tf.Tensor[],
  rg: tf.Tensor, out: (tf.Tensor | undefined)[]): tf.Tensor | undefined {
  let up: tf.Tensor | undefined = rg;
  for (let i = traces.length - 1; i >= 0 && up !== undefined; i--) {
    const t = traces[i];
    const r = rtraces[i];
    const rdy: tf.Tensor = up;
    const ra = r.ra;
    switch (t.op) {
      case 'conv': {
        const { kernel, bias } = t.layer;
        const w = ws[kernel] as tf.Tensor4D;
        const delta = t.delta as tf.Tensor4D;
        const { s, d, p } = convGeometry(t.input.shape, w.shape, t.layer.stride);
        const viaData = filterGrad(t.input as tf.Tensor4D, rdy as tf.Tensor4D, w.shape, s, d, p);
        accumulate(out, kernel, ra === undefined ? viaData : tf.add(filterGrad(ra as tf.Tensor4D, delta, w.shape, s, d, p), viaData));
        if (bias !== undefined) accumulate(out, bias, tf.sum(rdy, [0, 1, 2]));
        up = t.inputMoves
          ? tf.add(inputGrad(rdy as tf.Tensor4D, w, t.input.shape, s, d, p), inputGrad(delta, vs[kernel] as tf.Tensor4D, t.input.shape, s, d, p))
          : undefined;
        break;
      }
      case 'dense': {
        const { kernel, bias } = t.layer;
        const delta = t.delta as tf.Tensor2D;
        const viaData = tf.matMul(t.input as tf.Tensor2D, rdy as tf.Tensor2D, true, false);
        accumulate(out, kernel, ra === undefined ? viaData : tf.add(tf.matMul(ra as tf.Tensor2D, delta, true, false), viaData));
        if (bias !== undefined) accumulate(out, bias, tf.sum(rdy, 0));
        up = t.inputMoves
          ? tf.add(tf.matMul(rdy as tf.Tensor2D, ws[kernel] as tf.Tensor2D, false, true), tf.matMul(delta, vs[kernel] as tf.Tensor2D, false, true))
          : undefined;
        break;
      }
      case 'act': {
        const viaSlope = tf.mul(t.slope, rdy);
        up = t.bend && ra !== undefined ? tf.add(tf.mul(t.bend, ra), viaSlope) : viaSlope;
        break;
      }
      case 'maxpool':
      case 'global-avg-pool':
      case 'flatten':
        up = adjointOf(t, rdy);
        break;
      case 'residual': {
        if (!r.branch || !r.shortcut) throw new Error('R-trace out of step with the layer trace');
        const viaBranch = rBackward(t.branch, r.branch, ws, vs, t.layer.scale === 1 ? rdy : tf.mul(rdy, t.layer.scale), out);
        const viaShortcut = t.shortcut.length ? rBackward(t.shortcut, r.shortcut, ws, vs, rdy, out) : rdy;
        up = sumOrOne(viaShortcut, viaBranch);
        break;
      }
    }
  }
  return up;
}

/** A parameter read by two layers gets both terms. */
function accumulate(out: (tf.Tensor | undefined)[], index: number, term: tf.Tensor): void {
  const before = out[index];
  out[index] = before === undefined ? term : tf.add(before, term);
}
