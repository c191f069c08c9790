import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { installSecondOrderGradients } from '../../src/autodiff/second-order-gradients';
import { Params, tensorsOf, withTensors } from '../../src/model/params';
import * as H from '../oracle/hyperdual';
import { HD } from '../oracle/hyperdual';
import * as O from '../oracle/hd-layers';
import { HT } from '../oracle/hd-layers';
import { oracleHvp } from '../oracle/hessian-oracle';
import { randomDirection } from '../oracle/compare';
import { randomParams, randomTensor, relErr, setup, toOracle, valuesOf } from '../oracle/tf-harness';

// Why src/autodiff exists: gradients that reuse the op's saved OUTPUT (as tfjs-core 4.22's Tanh,
// Sigmoid, Exp and Softmax gradients do) give silently wrong second derivatives, because the
// engine records the saved copy before the op itself. We register copies of those stock
// formulas, show the HVP error, then install ours. (This file runs in its own process.)
const STOCK: Record<string, tf.GradConfig> = {
  Tanh: { kernelName: tf.Tanh, outputsToSave: [true], gradFunc: (dy, [y]) => ({ x: () => tf.mul(tf.sub(1, tf.square(y)), dy as tf.Tensor) }) },
  Sigmoid: { kernelName: tf.Sigmoid, outputsToSave: [true], gradFunc: (dy, [y]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(y, tf.sub(1, y))) }) },
  Exp: { kernelName: tf.Exp, outputsToSave: [true], gradFunc: (dy, [y]) => ({ x: () => tf.mul(dy as tf.Tensor, y) }) },
};

let x: tf.Tensor2D;

before(async () => {
  await setup();
  x = randomTensor([4, 3], 200) as tf.Tensor2D;
});

/** Hv by nested tf.grads, without src/curvature/hvp (which would re-install our gradients). */
function rawHvp(loss: (p: Params) => tf.Scalar, params: Params, v: Params): number[] {
  const vs = tensorsOf(v);
  const out = tf.tidy(() => tf.grads((...ws: tf.Tensor[]) => {
    const g = tf.grads((...us: tf.Tensor[]) => loss(withTensors(params, us)))(ws);
    return tf.addN(g.map((gi, i) => tf.sum(tf.mul(gi, vs[i])))) as tf.Scalar;
  })(tensorsOf(params)));
  const flat = out.flatMap((t) => valuesOf(t));
  out.forEach((t) => t.dispose());
  return flat;
}

const CASES: [string, (t: tf.Tensor) => tf.Tensor, (h: HD) => HD][] = [
  ['Tanh', tf.tanh, H.tanh], ['Sigmoid', tf.sigmoid, H.sigmoid], ['Exp', (t) => tf.exp(tf.mul(t, 0.3)), (h) => H.exp(H.scale(h, 0.3))],
];

for (const [name, f, g] of CASES) {
  test(`a stock-style ${name} gradient (saved output) gives a wrong HVP; ours gives the oracle's`, (t) => {
    const params = randomParams([{ name: 'w0', shape: [3, 4] }, { name: 'w1', shape: [4, 2] }], 201);
    const v = randomDirection(params, 202);
    const loss = (p: Params) => tf.sum(tf.square(tf.matMul(f(tf.matMul(x, p[0].value as tf.Tensor2D)), p[1].value as tf.Tensor2D))) as tf.Scalar;
    const xs = O.constant(valuesOf(x), x.shape);
    const oracle = (p: HT[]) => H.sum(O.dense({ shape: [4, 4], data: O.dense(xs, p[0]).data.map(g) }, p[1]).data.map(H.square));
    const ref = oracleHvp(oracle, toOracle(params), Float64Array.from(valuesOf(v[0].value).concat(valuesOf(v[1].value))));
    tf.registerGradient(STOCK[name]);
    const stockErr = relErr(rawHvp(loss, params, v), ref);
    installSecondOrderGradients();
    const fixedErr = relErr(rawHvp(loss, params, v), ref);
    t.diagnostic(`stock-style error ${stockErr.toExponential(2)}, fixed ${fixedErr.toExponential(2)}`);
    assert.ok(stockErr > 1e-2, `expected the stock formula to be wrong; error ${stockErr}`);
    assert.ok(fixedErr < 1e-4, `fixed error ${fixedErr}`);
  });
}
