import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { doubleBackpropHvp, objectiveHvp } from '../../src/curvature/hvp';
import { programHvp, programPointHvp } from '../../src/curvature/program-hvp';
import { hessianOperator } from '../../src/curvature/sharpness';
import { Layer, LayerProgram, programForward, programOf } from '../../src/model/layer-program';
import { createModel } from '../../src/model/create-model';
import { ConvNetSpec } from '../../src/model/model';
import { Params, disposeParams, flatten } from '../../src/model/params';
import { ACTIVATIONS, ActivationName } from '../../src/nn/activations';
import { squaredLossSum } from '../../src/objective/squared-loss';
import { softmaxCrossEntropySum } from '../../src/objective/cross-entropy';
import { Objective } from '../../src/objective/objective';
import { objectiveFor } from '../../src/train/experiment';
import { Dataset } from '../../src/data/dataset';
import * as O from '../oracle/hd-layers';
import { HT } from '../oracle/hd-layers';
import * as H from '../oracle/hyperdual';
import { oracleHvp } from '../oracle/hessian-oracle';
import { randomDirection } from '../oracle/compare';
import { oneHotRows, randomParams, randomTensor, relErr, setup, toOracle, valuesOf } from '../oracle/tf-harness';

before(async () => {
  await setup();
});

// Every layer kind: conv with bias → act → max-pool → projected residual block (stride 2, 'same'
// padding with the odd zero after, scale 0.7) → act → identity residual block → act → global
// average → dense; and conv → act → max-pool → flatten → dense (VGG's head).
const RESIDUAL: LayerProgram['layers'] = [
  { op: 'conv', kernel: 0, bias: 1, stride: 1 }, { op: 'act' }, { op: 'maxpool' },
  { op: 'residual', branch: [{ op: 'conv', kernel: 2, stride: 2 }, { op: 'act' }, { op: 'conv', kernel: 3, stride: 1 }], shortcut: [{ op: 'conv', kernel: 4, stride: 2 }], scale: 0.7 },
  { op: 'act' },
  { op: 'residual', branch: [{ op: 'conv', kernel: 5, stride: 1 }, { op: 'act' }, { op: 'conv', kernel: 6, stride: 1 }], shortcut: [], scale: 1 },
  { op: 'act' }, { op: 'global-avg-pool' }, { op: 'dense', kernel: 7, bias: 8 },
];
const RESIDUAL_PARAMS = [
  { name: 'c0/k', shape: [3, 3, 2, 3], std: 0.5 }, { name: 'c0/b', shape: [3], std: 0.3 },
  { name: 'b0/k0', shape: [3, 3, 3, 2], std: 0.4 }, { name: 'b0/k1', shape: [3, 3, 2, 2], std: 0.4 }, { name: 'b0/sc', shape: [1, 1, 3, 2], std: 0.5 },
  { name: 'b1/k0', shape: [3, 3, 2, 2], std: 0.4 }, { name: 'b1/k1', shape: [3, 3, 2, 2], std: 0.4 },
  { name: 'd/k', shape: [2, 3], std: 0.6 }, { name: 'd/b', shape: [3], std: 0.2 },
];
const FLAT: LayerProgram['layers'] = [
  { op: 'conv', kernel: 0, bias: 1, stride: 1 }, { op: 'act' }, { op: 'maxpool' }, { op: 'flatten' }, { op: 'dense', kernel: 2, bias: 3 },
];
const FLAT_PARAMS = [
  { name: 'c0/k', shape: [3, 3, 2, 2], std: 0.5 }, { name: 'c0/b', shape: [2], std: 0.3 },
  { name: 'd/k', shape: [18, 3], std: 0.4 }, { name: 'd/b', shape: [3], std: 0.2 },
];

/** The same layers on hyper-dual tensors (test/oracle/hd-layers: shares no code with src/). */
function oracleLayers(layers: readonly Layer[], act: ActivationName, p: HT[], x: HT): HT {
  let a = x;
  for (const l of layers) {
    switch (l.op) {
      case 'conv': a = O.conv2d(a, p[l.kernel], l.bias === undefined ? undefined : p[l.bias], l.stride, 'same'); break;
      case 'dense': a = O.dense(a, p[l.kernel], l.bias === undefined ? undefined : p[l.bias]); break;
      case 'act': a = O.activate(act, a); break;
      case 'maxpool': a = O.maxPool2x2(a); break;
      case 'global-avg-pool': a = O.globalAvgPool(a); break;
      case 'flatten': a = O.flattenT(a); break;
      case 'residual': {
        const branch = oracleLayers(l.branch, act, p, a);
        const shortcut = l.shortcut.length ? oracleLayers(l.shortcut, act, p, a) : a;
        a = O.addT(shortcut, { shape: branch.shape, data: branch.data.map((v) => H.scale(v, l.scale)) });
        break;
      }
    }
  }
  return a;
}

/**
 * Images 6x6x2, constant on rows and columns 0–4: a 3x3 conv gives equal outputs at (2..3, 2..3)
 * whatever the weights, so that 2x2 max-pool window ties (the first maximum is taken).
 */
function images(n: number, seed: number): tf.Tensor4D {
  const values = valuesOf(randomTensor([n, 6, 6, 2], seed));
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) for (let c = 0; c < 2; c++) values[(i * 6 + j) * 2 + c] = c ? -0.4 : 0.9;
  return tf.tensor4d(values, [n, 6, 6, 2]);
}

const flatHv = (hv: Params): Float64Array => {
  const f = Float64Array.from(flatten(hv));
  disposeParams(hv);
  return f;
};

for (const [name, layers, specs] of [['a residual conv net', RESIDUAL, RESIDUAL_PARAMS], ['a conv net with a flatten head', FLAT, FLAT_PARAMS]] as const) {
  for (const loss of ['mse', 'cross-entropy'] as const) {
    test(`R-operator HVP of ${name} (${loss}, weight decay, 2-image chunks, tied max-pool windows) equals the float64 hyper-dual HVP for every activation (1e-4)`, (t) => {
      const n = 3;
      const x = images(n, 400);
      const y = loss === 'mse' ? (randomTensor([n, 3], 401) as tf.Tensor2D) : oneHotRows(n, 3, 401);
      const data: Dataset = { x, y, n, layout: 'nhwc', description: { source: 'test' } };
      const wd = 0.01;
      for (const activation of ACTIVATIONS) {
        const program: LayerProgram = { activation, layers };
        const obj: Objective = { forward: programForward(program), lossSum: loss === 'mse' ? squaredLossSum : softmaxCrossEntropySum, weightDecay: wd };
        const params = randomParams(specs, 402);
        const v = randomDirection(params, 403);
        const point = programPointHvp(obj, params, data, 2);
        assert.ok(point, 'a program objective gets the R-operator');
        const ours = flatHv(point.apply(v));
        point.dispose();
        const xs = O.constant(valuesOf(x), x.shape);
        const ys = valuesOf(y);
        const lossSum = loss === 'mse' ? O.squaredLossSum : O.softmaxCrossEntropySum;
        const vFlat = Float64Array.from(toOracle(v).values.flatMap((a) => Array.from(a)));
        const ref = oracleHvp((p: HT[]) => H.add(H.scale(lossSum(oracleLayers(layers, activation, p, xs), ys), 1 / n), O.weightDecay(p, wd)), toOracle(params), vFlat);
        const err = relErr(ours, ref);
        const refNorm = Math.hypot(...ref);
        t.diagnostic(`${activation}: relative error ${err.toExponential(2)}, ‖Hv‖ ${refNorm.toExponential(2)}`);
        assert.ok(refNorm > 1e-3, `vacuous: ‖Hv‖ = ${refNorm}`);
        assert.ok(err < 1e-4, `${activation}, ${loss}: relative error ${err.toExponential(2)}`);
        [params, v].forEach(disposeParams);
      }
      x.dispose();
      y.dispose();
    });
  }
}

const WIDE: Omit<ConvNetSpec, 'arch' | 'activation'> = { widthMultiplier: 0.0625, inputShape: [32, 32, 3], outputDim: 10 };

for (const arch of ['vgg11', 'resnet34'] as const) {
  test(`${arch}: the R-operator HVP equals double backprop through the network's forward pass (1e-5); one-off, kept and recomputed passes give the same bits; nothing leaks`, (t) => {
    const n = 5;
    const x = randomTensor([n, 32, 32, 3], 410) as tf.Tensor4D;
    const y = oneHotRows(n, 10, 411);
    const data: Dataset = { x, y, n, layout: 'nhwc', description: { source: 'test' } };
    for (const activation of ['relu', 'tanh'] as const) {
      const spec = { arch, activation, ...WIDE, ...(arch === 'resnet34' ? { residualScale: 0.5 } : {}) } as ConvNetSpec;
      const model = createModel(spec);
      assert.ok(programOf(model.forward), `${arch}'s forward pass is its layer program`);
      const obj = objectiveFor(model, 'cross-entropy', 1e-3);
      const params = model.init(412);
      const v = randomDirection(params, 413);
      const before = tf.memory().numTensors;
      const ref = flatHv(doubleBackpropHvp(obj, params, data, v, { chunkSize: 2 }));
      const oneOff = flatHv(programHvp(obj, params, data, v, 2)!);
      const viaObjective = flatHv(objectiveHvp(obj, params, data, v, { chunkSize: 2 }));
      const kept = programPointHvp(obj, params, data, 2)!;
      const keptHv = [flatHv(kept.apply(v)), flatHv(kept.apply(v))];
      kept.dispose();
      const partly = programPointHvp(obj, params, data, 2, 1)!; // one byte: the first chunk is over budget, none is kept
      const recomputed = flatHv(partly.apply(v));
      partly.dispose();
      assert.equal(tf.memory().numTensors, before, 'tensors leaked');
      const err = relErr(oneOff, ref);
      t.diagnostic(`${activation}: R-operator vs double backprop ${err.toExponential(2)}`);
      assert.ok(err < 1e-5, `${activation}: relative difference ${err.toExponential(2)}`);
      for (const other of [viaObjective, ...keptHv, recomputed]) assert.deepEqual(other, oneOff);
      [params, v].forEach(disposeParams);
    }
    x.dispose();
    y.dispose();
  });
}

test('the Hessian operator of a conv net keeps its passes over an eigen-solve: applies after the first are cheaper and equal to the one-off HVP', async () => {
  const model = createModel({ arch: 'vgg11', activation: 'relu', ...WIDE });
  const n = 8;
  const x = randomTensor([n, 32, 32, 3], 420) as tf.Tensor4D;
  const y = oneHotRows(n, 10, 421);
  const data: Dataset = { x, y, n, layout: 'nhwc', description: { source: 'test' } };
  const obj = objectiveFor(model, 'mse', 0);
  const params = model.init(422);
  const v = randomDirection(params, 423);
  const op = hessianOperator(obj, params, data, 4);
  const viaOperator = flatHv(op.applyParams(v));
  // The second apply reuses the passes: it runs fewer kernels than the first (counted, not timed).
  const kernels = (f: () => void) => { const p = tf.profile(f); return p.then((r) => r.kernels.length); };
  const second = await kernels(() => disposeParams(op.applyParams(v)));
  op.dispose();
  const fresh = hessianOperator(obj, params, data, 4);
  const first = await kernels(() => disposeParams(fresh.applyParams(v)));
  fresh.dispose();
  assert.ok(second < first * 0.8, `kept passes: ${second} kernels after the first apply's ${first}`);
  assert.deepEqual(viaOperator, flatHv(programHvp(obj, params, data, v, 4)!));
  [params, v].forEach(disposeParams);
  x.dispose();
  y.dispose();
});
