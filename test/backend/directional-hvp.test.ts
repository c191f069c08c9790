import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select-backend';
import { hvp } from '../../src/curvature/hvp';
import { Params, disposeParams } from '../../src/model/params';
import { dense } from '../../src/nn/dense';
import { activate } from '../../src/nn/activations';
import { squaredLossSum } from '../../src/objective/squared-loss';
import { withDirections } from '../../src/autodiff/directional';
import { valueAndGradsOrZero } from '../../src/curvature/hvp-grads';
import { randomParams, randomTensor } from '../oracle/tf-harness';

// The HVP's inner pass takes weight gradients only through ⟨g, v⟩ (src/autodiff/directional.ts):
// an MLP's HVP then multiplies by the data matrix 3 times (X·W, X·V, Xᵀ·u), not 4. Counting
// kernels is not timing: it pins down that the cheaper path is really taken on this backend.

const N = 16;
const D = 12;
let x: tf.Tensor2D;
let y: tf.Tensor;
let params: Params;

before(async () => {
  await initBackend();
  x = randomTensor([N, D], 400) as tf.Tensor2D;
  y = randomTensor([N, 3], 401);
  params = randomParams([
    { name: 'w0', shape: [D, 5], std: 0.4 }, { name: 'b0', shape: [5] }, { name: 'w1', shape: [5, 3], std: 0.4 }, { name: 'b1', shape: [3] },
  ], 402);
});

const loss = (p: Params) => squaredLossSum(
  dense(activate('tanh', dense(x, p[0].value as tf.Tensor2D, p[1].value as tf.Tensor1D)), p[2].value as tf.Tensor2D, p[3].value as tf.Tensor1D), y);

async function productsWithData(f: () => void): Promise<number> {
  const profile = await tf.profile(f);
  return profile.kernels.filter((k) => k.name === 'BatchMatMul' && k.inputShapes.some((s) => s !== null && s.join() === `${N},${D}`)).length;
}

test("an MLP's exact HVP multiplies by the data matrix 3 times, not 4, on the default backend", async () => {
  const v = randomParams(params.map((p) => ({ name: p.name, shape: p.value.shape })), 403);
  let hv: Params = [];
  const count = await productsWithData(() => { hv = hvp(loss, params, v); });
  assert.equal(count, 3, `${count} products with X on ${tf.getBackend()}`);
  disposeParams(hv);
  disposeParams(v);
});

test('inside withDirections the weight gradient keeps its inner product with v (only that is promised)', () => {
  const v = randomParams(params.map((p) => ({ name: p.name, shape: p.value.shape })), 404);
  const ws = params.map((p) => p.value);
  const vs = v.map((p) => p.value);
  const [plain, directional] = tf.tidy(() => [
    valueAndGradsOrZero(() => loss(params), ws).grads,
    withDirections(ws, vs, () => valueAndGradsOrZero(() => loss(params), ws).grads),
  ].map((gs) => gs.map((g, i) => tf.sum(tf.mul(g, vs[i])).dataSync()[0])));
  plain.forEach((p, i) => assert.ok(Math.abs(p - directional[i]) <= 1e-5 * (1 + Math.abs(p)), `param ${i}: ${p} vs ${directional[i]}`));
  assert.throws(() => withDirections(ws, vs, () => withDirections(ws, vs, () => 0)), /nested/);
  disposeParams(v);
});
