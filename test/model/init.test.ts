/** The "he-fan-out" initialisation of conv nets: kernel spread, zero conv biases, dense layers as torch-default. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../src/backend/select-backend';
import { createModel } from '../../src/model/create-model';
import { disposeParams } from '../../src/model/params';

before(async () => { await initBackend(); });

const spec = (arch: 'vgg11' | 'resnet34', init?: 'he-fan-out') =>
  ({ arch, widthMultiplier: 0.25, inputShape: [32, 32, 3] as [number, number, number], outputDim: 10, activation: 'relu' as const, ...(init ? { init } : {}) });

test('he-fan-out: conv kernels ~ N(0, 2/(k²·c_out)) (sample std within 5 standard errors), conv biases 0, the head as torch-default', () => {
  for (const arch of ['vgg11', 'resnet34'] as const) {
    const params = createModel(spec(arch, 'he-fan-out')).init(3);
    for (const p of params) {
      const v = Array.from(p.value.dataSync());
      if (p.name.endsWith('kernel') && p.value.rank === 4) {
        const [kh, kw, , cout] = p.value.shape;
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
        const want = Math.sqrt(2 / (kh * kw * cout));
        // sample std of n normals: relative standard error 1/√(2n); allow 5 of them
        assert.ok(Math.abs(std / want - 1) < 5 / Math.sqrt(2 * v.length), `${arch} ${p.name}: std ${std} vs ${want}`);
        assert.ok(Math.abs(mean) < 4 * want / Math.sqrt(v.length), `${arch} ${p.name}: mean ${mean}`);
      } else if (p.name.startsWith('conv') && p.name.endsWith('bias')) {
        assert.ok(v.every((x) => x === 0), `${arch} ${p.name} is zero`);
      } else {
        const fanIn = p.name === 'head/bias' ? params.find((q) => q.name === 'head/kernel')!.value.shape[0] : p.value.shape[0];
        const bound = 1 / Math.sqrt(fanIn);
        assert.ok(v.every((x) => Math.abs(x) <= bound), `${arch} ${p.name} within ±1/√fan_in`);
        assert.ok(Math.max(...v.map(Math.abs)) > 0.5 * bound, `${arch} ${p.name} uses the range`);
      }
    }
    disposeParams(params);
  }
});

test('the scheme is part of the spec: same seed, different scheme, different kernels; default unchanged', () => {
  const a = createModel(spec('vgg11')).init(0);
  const b = createModel(spec('vgg11', 'he-fan-out')).init(0);
  const c = createModel({ ...spec('vgg11'), init: 'torch-default' }).init(0);
  assert.notDeepEqual(Array.from(a[0].value.dataSync()), Array.from(b[0].value.dataSync()));
  assert.deepEqual(Array.from(a[0].value.dataSync()), Array.from(c[0].value.dataSync()));
  [a, b, c].forEach(disposeParams);
  assert.throws(() => createModel({ ...spec('vgg11'), init: 'xavier' as never }).init(0), /unknown init scheme 'xavier'/);
});
