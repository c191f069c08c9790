/** The claims checker (`evaluateClaims`) on hand-made runs whose answers are known. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClaimRun, ClaimResult, claimRows, evaluateClaims, seedsNeeded, edgeStay } from '../../src/analysis/paper-claims';
import type { RunConfig } from '../../src/train/run-config';
import type { TunerConfig } from '../../src/config/tuner-config-schema';

interface Spec {
  method: string;
  setting?: string;
  eta?: number;
  seed?: number;
  arch?: string;
  batch?: number | 'full';
  status?: string;
  finalLoss: number;
  /** Step size at step t (default: eta). */
  step?: (t: number) => number;
  /** Sharpness at step t (measured every 10 steps); none when absent. */
  lambda?: (t: number) => number;
}

const STEPS = 200;

/** The tuner a test method name stands for (the claims read this, not the name). */
function tunerFor(s: Spec): TunerConfig {
  const cap = /γmax=([0-9.]+)/.exec(s.setting ?? '');
  switch (s.method) {
    case 'constant': return { kind: 'constant', stepSize: s.eta! };
    case 'armijo-optax': return { kind: 'armijo', preset: 'optax' };
    case 'armijo-sls': return { kind: 'armijo', preset: 'sls' };
    case 'polyak': return cap ? { kind: 'polyak', etaMax: Number(cap[1]) } : { kind: 'polyak' };
    case 'cdat-2': return { kind: 'cdat', sigma: 2 };
    default: throw new Error(`no tuner for ${s.method}`);
  }
}

function configFor(s: Spec): RunConfig {
  const arch = s.arch ?? 'mlp';
  const model: RunConfig['model'] = arch === 'mlp'
    ? { arch: 'mlp', inputDim: 3072, hidden: [200, 200], outputDim: 10, activation: 'tanh' }
    : { arch: arch as 'vgg11' | 'resnet34', widthMultiplier: 0.125, inputShape: [32, 32, 3], outputDim: 10, activation: 'relu' };
  return {
    seed: s.seed ?? 0, data: { source: 'cifar10', n: 5000 }, model, loss: 'mse', weightDecay: 0, tuner: tunerFor(s),
    steps: STEPS, batchSize: s.batch ?? 'full', sharpness: { every: s.lambda ? 10 : 0 },
  };
}

/** Records of a run: loss decays geometrically to finalLoss; sharpness every 10 steps. */
function run(s: Spec): ClaimRun {
  const batch = s.batch ?? 'full';
  const lossKey = batch === 'full' ? 'loss' : 'full_loss';
  const records = Array.from({ length: STEPS + 1 }, (_, t) => {
    const eta = s.step ? s.step(t) : (s.eta ?? NaN);
    const r: Record<string, unknown> = { step: t, step_size: eta, [lossKey]: 0.5 * (s.finalLoss / 0.5) ** (t / STEPS) };
    if (s.lambda && t % 10 === 0) {
      r.lambda_1 = s.lambda(t);
      r.eta_lambda = eta * s.lambda(t);
    }
    return r;
  });
  const label = `${s.arch ?? 'mlp'} ${s.method} ${s.setting ?? ''} ${batch} s${s.seed ?? 0}`;
  return {
    label, method: s.method, setting: s.setting ?? (s.eta !== undefined ? `η=${s.eta}` : ''), eta: s.eta ?? NaN,
    arch: s.arch ?? 'mlp', batch, status: s.status ?? 'finished', records, config: configFor(s),
  };
}

const byId = (claims: ClaimResult[], id: string): ClaimResult => {
  const c = claims.find((x) => x.id === id);
  assert.ok(c, `claim ${id} missing`);
  return c;
};

/** A paper-like world: constants at the edge, Armijo below it with rising λ, Polyak beyond it and best. */
function paperLike(seed: number, armijoLoss = 0.2): ClaimRun[] {
  return [
    run({ method: 'constant', eta: 0.01, seed, finalLoss: 0.15, lambda: (t) => Math.min(60 + t, 200) * (t % 20 ? 1.02 : 0.98) }),
    run({ method: 'constant', eta: 0.02, seed, finalLoss: 0.1, lambda: (t) => Math.min(60 + t, 100) * (t % 20 ? 1.03 : 0.97) }),
    run({ method: 'constant', eta: 0.1, seed, finalLoss: Infinity, status: 'diverged' }),
    run({ method: 'armijo-optax', seed, finalLoss: armijoLoss, step: (t) => 1.9 / (50 * (t + 1) ** 0.3), lambda: (t) => 50 * (t + 1) ** 0.3 }),
    run({ method: 'polyak', setting: 'γmax=1', seed, finalLoss: 0.05, step: (t) => (t % 20 ? 2.3 : 1.9) / 80, lambda: () => 80 }),
    run({ method: 'polyak', setting: 'γmax=0.1', seed, finalLoss: 0.3, step: () => 0.1 * (1 - 1e-9) + 0, lambda: () => 10 }),
    run({ method: 'cdat-2', seed, finalLoss: 0.09 }),
  ];
}

test('seeds needed: ⌈2/3 · n⌉ (1 of 1, 2 of 2, 2 of 3, 3 of 4)', () => {
  assert.deepEqual([1, 2, 3, 4].map(seedsNeeded), [1, 2, 2, 3]);
});

test('a paper-like world passes C1–C4, C9 and CDAT, with the numbers in the measured text', () => {
  const claims = evaluateClaims([...paperLike(0), ...paperLike(1)], 0.02);
  for (const id of ['C1', 'C2', 'C3', 'C4', 'C9', 'CDAT']) assert.equal(byId(claims, id).pass, true, `${id}: ${byId(claims, id).measured}`);
  const c1 = byId(claims, 'C1');
  assert.equal(c1.parts.length, 2);
  assert.ok(Math.abs(c1.parts[0].value - 2) < 1e-9, 'Armijo 0.2 / best constant 0.1 = 2');
  assert.match(c1.measured, /2\.00x best constant \(η=0\.02\)/);
  // γmax=0.1 sits at its cap: excluded from C3 and said so.
  assert.match(byId(claims, 'C3').measured, /excluded: mlp s0 polyak γmax=0\.1 \(cap binding 100%/);
  // No mini-batch runs: C5 and C6 cannot be evaluated.
  assert.equal(byId(claims, 'C5').pass, null);
  assert.equal(byId(claims, 'C6').pass, null);
});

test('claims select runs by their config: scrambled labels, methods and settings change no verdict and no number', () => {
  const runs = [...paperLike(0), ...paperLike(1)];
  const scrambled = runs.map((r, i) => ({ ...r, label: `run ${i}`, method: 'renamed', setting: 'γmax=42', arch: 'x' }));
  const strip = (cs: ClaimResult[]) => cs.map((c) => ({ id: c.id, pass: c.pass, values: c.parts.map((p) => p.value) }));
  assert.deepEqual(strip(evaluateClaims(scrambled, 0.02)), strip(evaluateClaims(runs, 0.02)));
  // A Polyak run whose config leaves γ_max to its default counts as γ_max = 1 (the resolved config says so).
  const implicit = runs.map((r) => (r.config.tuner.kind === 'polyak' && r.config.tuner.etaMax === 1 ? { ...r, config: { ...r.config, tuner: { kind: 'polyak' as const } } } : r));
  assert.deepEqual(strip(evaluateClaims(implicit, 0.02)), strip(evaluateClaims(runs, 0.02)));
});

test('C1 needs 2 of 2 seeds: Armijo beating the best constant in one seed fails it', () => {
  const claims = evaluateClaims([...paperLike(0), ...paperLike(1, 0.08)], 0.02);
  assert.equal(byId(claims, 'C1').pass, false);
  assert.match(byId(claims, 'C1').measured, /mlp s1 armijo-optax: 0\.80x best constant \(η=0\.02\) ✗/);
  // …but 2 of 3 seeds suffice.
  assert.equal(byId(evaluateClaims([...paperLike(0), ...paperLike(1, 0.08), ...paperLike(2)], 0.02), 'C1').pass, true);
});

test('C2 fails for an Armijo run whose sharpness plateaus at the edge; C9 fails for a run that leaves the band', () => {
  const world = paperLike(0).filter((r) => r.method !== 'armijo-optax' && r.eta !== 0.02);
  world.push(run({ method: 'armijo-optax', finalLoss: 0.2, step: () => 2.1 / 100, lambda: () => 100 }));
  world.push(run({ method: 'constant', eta: 0.02, finalLoss: 0.1, lambda: (t) => (t < 100 ? 60 + t * 0.4 : 130) }));
  const claims = evaluateClaims(world, 0.02);
  const c2 = byId(claims, 'C2');
  assert.equal(c2.pass, false);
  assert.deepEqual(c2.parts.map((p) => p.holds), [false, false, false], c2.measured);
  const c9 = byId(claims, 'C9');
  assert.equal(c9.pass, false, c9.measured);
});

test('C9 lists constant runs that never reach the edge instead of failing them', () => {
  const slow = run({ method: 'constant', eta: 0.001, finalLoss: 0.3, lambda: (t) => 60 + t * 0.1 });
  assert.ok(Number.isNaN(edgeStay(slow).reachedAt));
  const claims = evaluateClaims([...paperLike(0), slow], 0.02);
  assert.equal(byId(claims, 'C9').pass, true);
  assert.match(byId(claims, 'C9').measured, /not at the edge within the budget: mlp s0 constant η=0\.001/);
});

test('C9 counts only runs that start clearly below the edge, includes the final measurement, and uses the per-seed rule', () => {
  // η·λ₁ = 1.2 → 2.0 by step 40, stays there, and the final measurement (step 200) jumps out of the band.
  const sharpening = (seed: number, last = 100) => run({ method: 'constant', eta: 0.02, seed, finalLoss: 0.1,
    lambda: (t) => (t === STEPS ? last : Math.min(60 + t, 100)) });
  const e = edgeStay(sharpening(0, 150));
  assert.equal(e.start, 0.02 * 60);
  assert.equal(e.reachedAt, 30, 'η·λ₁ ≥ 1.8 first at λ = 90');
  assert.equal(e.samples, 18, 'steps 30, 40, …, 200: the final measurement is counted');
  assert.ok(Math.abs(e.inside - 17 / 18) < 1e-12);
  // A run that starts at the edge tests no sharpening: listed, not counted.
  const atEdge = run({ method: 'constant', eta: 0.02, finalLoss: 0.1, lambda: () => 95 });
  const c9 = byId(evaluateClaims([sharpening(0), atEdge], 0.02), 'C9');
  assert.equal(c9.parts.length, 1);
  assert.match(c9.measured, /not counted, start at the edge: mlp s0 constant η=0\.02 \(starts at η·λ₁ = 1\.90\)/);
  // One pass rule: 2 of 3 seeds suffice, 1 of 3 does not.
  const off = (seed: number) => run({ method: 'constant', eta: 0.02, seed, finalLoss: 0.1, lambda: (t) => (t < 40 ? 60 + t : 130) });
  assert.equal(byId(evaluateClaims([sharpening(0), sharpening(1), off(2)], 0.02), 'C9').pass, true);
  assert.equal(byId(evaluateClaims([sharpening(0), off(1), off(2)], 0.02), 'C9').pass, false);
});

test('C5 and C6 read the largest and the smallest mini-batch of the sweep', () => {
  const sweep = (batch: number, c: number, a: number, p: number): ClaimRun[] => [
    run({ method: 'constant', eta: 0.02, batch, finalLoss: c, lambda: () => 90 }),
    run({ method: 'armijo-optax', batch, finalLoss: a, step: (t) => 1.8 / (40 * (t + 1) ** 0.2), lambda: (t) => 40 * (t + 1) ** 0.2 }),
    run({ method: 'polyak', setting: 'γmax=1', batch, finalLoss: p, step: () => 0.02, lambda: () => 100 }),
  ];
  // full batch (paperLike): polyak 0.05 < constant η=0.02 0.1 < armijo 0.2.
  const world = [...paperLike(0), ...sweep(16, 0.3, 0.1, 0.2), ...sweep(512, 0.1, 0.15, 0.05)];
  const claims = evaluateClaims(world, 0.02);
  const c5 = byId(claims, 'C5');
  assert.match(c5.claim, /large batch \(512\)/);
  assert.equal(c5.pass, true, c5.measured);
  const c6 = byId(claims, 'C6');
  assert.equal(c6.pass, true);
  assert.match(c6.measured, /armijo < polyak < constant vs polyak < constant < armijo/);
  // Same ranking at batch 16 as at full batch: C6 fails; Armijo winning at 512 fails C5.
  const same = evaluateClaims([...paperLike(0), ...sweep(16, 0.1, 0.2, 0.05), ...sweep(512, 0.1, 0.05, 0.2)], 0.02);
  assert.equal(byId(same, 'C6').pass, false);
  assert.equal(byId(same, 'C5').pass, false);
});

test('C8 is checked on the joint model simulation: √t growth for σ = 1.5, λ at 2/η for a constant step', () => {
  const c8 = byId(evaluateClaims([], 0.02), 'C8');
  assert.equal(c8.pass, true, c8.measured);
  const slope = c8.parts.find((p) => /λ slope/.test(p.scope));
  assert.ok(slope && Math.abs(slope.value - 0.5) < 0.05, `slope ${slope?.value}`);
});

test('with no runs every run-based claim is n/a, never a failure', () => {
  const claims = evaluateClaims([], 0.02);
  for (const c of claims.filter((x) => x.id !== 'C8')) assert.equal(c.pass, null, c.id);
});

test('claimRows: one row per claim with the verdict in words, for notebook tables', () => {
  const rows = claimRows(evaluateClaims([...paperLike(0), ...paperLike(1, 0.08)], 0.02));
  assert.deepEqual(rows.map((r) => [r.claim, r.result]).slice(0, 2), [['C1', 'FAIL'], ['C2', 'pass']]);
  assert.equal(rows.find((r) => r.claim === 'C5')?.result, 'n/a');
  assert.match(rows[0].measured, /0\.80x/);
});
