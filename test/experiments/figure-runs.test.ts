/**
 * The figure run lists: valid configs at every scale, the paper's data conventions, and the
 * sharing between figures that lets the run store train each setting once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ex from '../../src/experiments';
import { resolveRunConfig, RunConfig } from '../../src/train/run-config';
import { canonicalJson } from '../../src/store/canonical-json';

const SCALES = ['smoke', 'default', 'paper'] as const;
const key = (c: RunConfig) => canonicalJson(c);
const allRuns = (s: ex.ExperimentScale): RunConfig[] => [
  ex.quickstartRun(s), ...ex.edgeOfStabilityRuns(s), ...ex.armijoRuns(s), ...ex.polyakRuns(s), ...ex.finalLossGrid(s),
  ...ex.batchSizeSweep(s), ...ex.modelComparisonRuns(s), ...ex.cdatRuns(s),
];

test('every figure config at every scale is valid: CIFAR-10 first n, train-stats, squared loss, no weight decay', () => {
  for (const name of SCALES) {
    for (const c of allRuns(ex.experimentScale(name))) {
      resolveRunConfig(c);
      assert.deepEqual(c.data, { source: 'cifar10', n: c.data.n, subset: 'first', normalize: 'train-stats' });
      assert.equal(c.loss, 'mse');
      assert.equal(c.weightDecay, 0);
    }
  }
});

test('figures share runs: Armijo, Polyak, sweep and CDAT baselines are configs of the EOS and sweep figures', () => {
  for (const name of SCALES) {
    const s = ex.experimentScale(name);
    const eos = new Set(ex.edgeOfStabilityRuns(s).map(key));
    const sweep = new Set(ex.batchSizeSweep(s).map(key));
    const grid = new Set(ex.finalLossGrid(s, ['mlp']).map(key));
    for (const c of ex.edgeOfStabilityRuns(s)) assert.ok(grid.has(key(c)), `${name}: EOS run in the MLP grid`);
    for (const c of ex.modelComparisonRuns(s)) assert.ok(sweep.has(key(c)), `${name}: model comparison run in the sweep`);
    assert.ok(eos.has(key(ex.figureConfig(s, 'mlp', ex.tuners.constant(s.sweepEta)))), `${name}: sweep η is an EOS η`);
    for (const c of ex.cdatRuns(s).filter((c) => c.tuner.kind === 'constant')) assert.ok(sweep.has(key(c)), `${name}: CDAT baseline in the sweep`);
    const unique = ex.uniqueConfigs(allRuns(s));
    assert.ok(unique.length < allRuns(s).length);
  }
});

test('the paper scale uses 5000 images and full-width VGG11/ResNet34; smoke stays tiny', () => {
  const paper = ex.experimentScale('paper');
  for (const a of ['mlp', 'vgg11', 'resnet34'] as const) assert.equal(paper.arch[a].n, 5000);
  assert.equal((paper.arch.vgg11.model as { widthMultiplier: number }).widthMultiplier, 1);
  assert.equal((paper.arch.resnet34.model as { widthMultiplier: number }).widthMultiplier, 1);
  assert.deepEqual(paper.batchSizes, [256, 1024, 4096, 'full']);
  const smoke = ex.experimentScale('smoke');
  assert.ok(smoke.arch.mlp.n <= 64 && smoke.arch.mlp.steps <= 50);
  assert.throws(() => ex.experimentScale('huge' as never), /unknown scale/);
});

test('constant grids are increasing factor-2 log grids that contain the EOS step sizes', () => {
  for (const name of SCALES) {
    const s = ex.experimentScale(name);
    for (const a of ['mlp', 'vgg11', 'resnet34'] as const) {
      const g = s.arch[a].etaGrid;
      g.slice(1).forEach((v, i) => assert.ok(Math.abs(v / g[i] - 2) < 1e-12));
    }
    for (const eta of s.eosEtas) assert.ok(s.arch.mlp.etaGrid.includes(eta), `${name}: ${eta} in the MLP grid`);
  }
});

test('describeRun names method, setting, architecture and batch', () => {
  const s = ex.experimentScale('smoke');
  assert.equal(ex.describeRun(ex.figureConfig(s, 'mlp', ex.tuners.constant(0.1))).label, 'mlp · constant η=0.1 · full batch');
  const p = ex.describeRun(ex.figureConfig(s, 'vgg11', ex.tuners.polyak(3), 8));
  assert.deepEqual([p.label, p.method, p.batch, p.arch], ['vgg11 · polyak γmax=3 · batch 8', 'polyak', 8, 'vgg11']);
  assert.equal(ex.describeRun(ex.figureConfig(s, 'mlp', ex.tuners.armijo('sls'))).method, 'armijo-sls');
  assert.equal(ex.describeRun(ex.figureConfig(s, 'mlp', ex.tuners.cdat(2), 10_000)).batch, 'full');
  assert.ok(Number.isNaN(ex.describeRun(ex.figureConfig(s, 'mlp', ex.tuners.cdat(1))).eta));
});

test('claimRuns: every figure run once, plus the seed repeats of the deterministic MLP settings', () => {
  for (const name of SCALES) {
    const s = ex.experimentScale(name);
    const claims = ex.claimRuns(s);
    const keys = new Set(claims.map(key));
    assert.equal(keys.size, claims.length, `${name}: no duplicates`);
    const figures = allRuns(s).slice(1); // [0] is the quickstart run, not a claim run
    for (const c of ex.uniqueConfigs(figures)) assert.ok(keys.has(key(c)), `${name}: ${ex.describeRun(c).label} in claimRuns`);
    const extra = s.seeds.filter((x) => x !== ex.FIGURE_SEED);
    const repeats = claims.filter((c) => c.seed !== ex.FIGURE_SEED);
    assert.equal(repeats.length, extra.length * ex.seedRepeatRuns(s, 1).length);
    for (const c of repeats) {
      assert.equal(c.model.arch, 'mlp');
      assert.equal(c.batchSize, 'full');
      const twin = { ...c, seed: ex.FIGURE_SEED };
      assert.ok(keys.has(key(twin)), `${name}: seed-${c.seed} run repeats a figure run`);
    }
  }
  assert.deepEqual(ex.experimentScale('default').seeds, [0, 1]);
  assert.equal(ex.describeRun(ex.seedRepeatRuns(ex.experimentScale('default'), 1)[0]).label.endsWith(' · seed 1'), true);
});
