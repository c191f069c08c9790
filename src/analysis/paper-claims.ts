/**
 * The paper's claims (docs/claims.md: statements, thresholds and where each comes from) checked on
 * a set of runs: one row per claim, with the measured numbers behind it, the threshold, and pass /
 * fail / not evaluable. One pass rule for every claim: its parts are grouped by (architecture,
 * seed); a seed holds when all its parts hold; the claim passes when, for every architecture, at
 * least ⌈2/3 · seeds⌉ of its seeds hold (2 of 3, 2 of 2, 1 of 1). `npm run claims` prints the rows.
 */
import { lateSlope } from './log-log-slope';
import { COLUMNS } from '../train/step-record';
import { MODEL_RULES, modelRun } from './model-runs';
import { RunLike, series } from './run-like';
import { archOf, batchOf, ConfiguredRun, constantStep, hasTuner, isFullBatch, seedOf, tunerOf } from './run-select';
import { RunSummary, bestConstant, summarizeRun } from './summary';

/**
 * A run the claims can read: records plus its config. Every selection below reads the config
 * (tuner kind and options, architecture, batch size, seed); the labels only name parts in the output.
 */
export type ClaimRun = ConfiguredRun;

/** One measured piece of a claim (one architecture, seed, run …). */
export interface ClaimPart {
  /** What was measured, e.g. "mlp s0 armijo-optax". */
  readonly scope: string;
  readonly value: number;
  /** The value in words, e.g. "2.41x". */
  readonly text: string;
  readonly holds: boolean;
}

/** One claim's verdict. */
export interface ClaimResult {
  readonly id: string;
  readonly claim: string;
  readonly threshold: string;
  /** true / false, or null when the runs it needs are missing. */
  readonly pass: boolean | null;
  /** Short summary of the measured numbers. */
  readonly measured: string;
  readonly parts: readonly ClaimPart[];
}

/** Thresholds (ours; docs/claims.md says where each claim comes from), in one place. */
export const CLAIM_THRESHOLDS = {
  /** C2: |late slope| below this counts as flat (a plateau jitters around 0). */
  flatSlope: 0.02,
  /** C2 / C3: η·λ medians over the last half. */
  belowEdge: 2,
  polyakMedian: 1.8,
  /** C3: "a sizeable fraction" of late measurements with η·λ > 2. */
  polyakAboveFraction: 0.2,
  /** C3: a cap is binding when the step equals γ_max in more than this fraction of late steps. */
  capBinding: 0.5,
  /** C9: η·λ band around the edge and the fraction of measurements inside it after reaching it. */
  edgeBand: [1.8, 2.2] as const,
  edgeFraction: 0.8,
  /** C9: a run tests "sharpening, then the edge" only when its first η·λ₁ is below this (clearly below the band). */
  sharpeningStart: 1.5,
  /** C8: the model's √t growth exponent and 2/η tolerance. */
  sqrtSlope: [0.4, 0.6] as const,
  modelEdgeTolerance: 0.1,
} as const;

const fmt = (v: number, digits = 2): string => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
const ratio = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)}x` : String(v));

/** ⌈2/3 · n⌉ of n seeds. */
export function seedsNeeded(n: number): number {
  return Math.ceil((2 * n) / 3 - 1e-9);
}

function groupBy(runs: readonly ClaimRun[], key: (r: ClaimRun) => string): ClaimRun[][] {
  const m = new Map<string, ClaimRun[]>();
  for (const r of runs) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return [...m.values()];
}

/** A claim part with the architecture and seed the verdict groups by. */
type Part = ClaimPart & { arch: string; seed: number };

const isFull = isFullBatch;
const scopeOf = (r: ClaimRun, extra = ''): string => `${archOf(r)} s${seedOf(r)}${extra ? ' ' + extra : ''}`;
const isArmijo = (r: ClaimRun): boolean => hasTuner(r, 'armijo');
/** Polyak with the cap γ_max = 1 (the paper's default; the resolved config says so even when it was left out). */
const isPolyakCap1 = (r: ClaimRun): boolean => hasTuner(r, 'polyak', { etaMax: 1 });

/** Runs grouped per (arch, seed), with their summaries. */
function seedGroups(runs: readonly ClaimRun[]): { arch: string; seed: number; runs: ClaimRun[]; rows: RunSummary[] }[] {
  return groupBy(runs, (r) => `${archOf(r)}|${seedOf(r)}`).map((g) => ({
    arch: archOf(g[0]), seed: seedOf(g[0]), runs: g, rows: g.map((r) => ({ ...summarizeRun(r), eta: constantStep(r) })),
  }));
}

/** Per (arch, seed) full-batch groups. */
const deterministicGroups = (runs: readonly ClaimRun[]) => seedGroups(runs.filter(isFull));

/** Pass when, for every arch, the checks of enough seeds hold (all parts of a seed must hold). */
function perSeedVerdict(parts: readonly Part[]): boolean | null {
  if (parts.length === 0) return null;
  const archs = [...new Set(parts.map((p) => p.arch))];
  return archs.every((a) => {
    const seeds = [...new Set(parts.filter((p) => p.arch === a).map((p) => p.seed))];
    const good = seeds.filter((s) => parts.filter((p) => p.arch === a && p.seed === s).every((p) => p.holds)).length;
    return good >= seedsNeeded(seeds.length);
  });
}

/** A claim's row under the one pass rule (perSeedVerdict); no parts → n/a. */
function result(id: string, claim: string, threshold: string, parts: Part[]): ClaimResult {
  const verdict = perSeedVerdict(parts);
  const measured = parts.length ? parts.map((p) => `${p.scope}: ${p.text}${p.holds ? '' : ' ✗'}`).join('; ') : 'nothing to judge (runs missing, or none qualifies)';
  return { id, claim, threshold, pass: verdict, measured, parts: parts.map(({ scope, value, text, holds }) => ({ scope, value, text, holds })) };
}

/**
 * Per (arch, seed) group: each picked run's final loss over the group's best constant step's.
 * @param scope names a part from its group and run; `holds` judges the ratio.
 */
function versusBestConstant(
  groups: ReturnType<typeof seedGroups>, pick: (r: ClaimRun) => boolean,
  scope: (g: ReturnType<typeof seedGroups>[number], r: ClaimRun) => string, label: string, holds: (v: number) => boolean,
): Part[] {
  return groups.flatMap((g) => {
    const best = bestConstant(g.rows);
    return g.runs.flatMap((run, i) => {
      if (!pick(run)) return [];
      const v = best ? g.rows[i].final_loss / best.final_loss : NaN;
      return [{ arch: g.arch, seed: g.seed, scope: scope(g, run), value: v, text: `${ratio(v)} ${label} (${best ? `η=${best.eta}` : 'none'})`, holds: holds(v) }];
    });
  });
}

/** The display name of a tuner in a claim's parts, from the config (e.g. "armijo-sls", "cdat-2"). */
function tunerName(r: ClaimRun): string {
  const t = tunerOf(r);
  return t.kind === 'armijo' ? `armijo-${t.preset}` : t.kind === 'cdat' ? `cdat-${t.sigma}` : t.kind;
}

/** C1: every Armijo preset's final loss above the best constant's, per architecture and seed. */
function c1(runs: readonly ClaimRun[]): ClaimResult {
  const parts = versusBestConstant(deterministicGroups(runs), isArmijo,
    (g, r) => scopeOf(r, tunerName(r)), 'best constant', (v) => v > 1);
  return result('C1', 'full batch: Armijo ends above the best constant step', 'final loss / best constant\'s > 1, per architecture, in ⌈2/3⌉ of seeds', parts);
}

/** C2 (and C5's sharpness half): Armijo's λ rises, η falls, η·λ stays ≤ 2 (runs with sharpness). */
function armijoSharpnessParts(runs: readonly ClaimRun[]): Part[] {
  const parts: Part[] = [];
  for (const r of runs.filter(isArmijo)) {
    const s = summarizeRun(r);
    if (!Number.isFinite(s.lambda_slope)) continue;
    const eta = lateSlope(r.records, COLUMNS.stepSize); // < 0: the step keeps falling
    const base = { arch: archOf(r), seed: seedOf(r) };
    const scope = scopeOf(r, tunerName(r));
    parts.push({ ...base, scope: `${scope} λ slope`, value: s.lambda_slope, text: fmt(s.lambda_slope), holds: s.lambda_slope > CLAIM_THRESHOLDS.flatSlope });
    parts.push({ ...base, scope: `${scope} η slope`, value: eta, text: fmt(eta), holds: eta < -CLAIM_THRESHOLDS.flatSlope });
    parts.push({ ...base, scope: `${scope} median η·λ`, value: s.median_eta_lambda, text: fmt(s.median_eta_lambda), holds: s.median_eta_lambda <= CLAIM_THRESHOLDS.belowEdge });
    // Reported, not judged: η times the curvature along the step taken, which the Armijo test bounds by 2(1 − c).
    if (Number.isFinite(s.median_eta_rho)) parts.push({ ...base, scope: `${scope} median η·ρ_step (reported)`, value: s.median_eta_rho, text: fmt(s.median_eta_rho), holds: true });
  }
  return parts;
}

function c2(runs: readonly ClaimRun[]): ClaimResult {
  return result('C2', 'full batch: Armijo\'s sharpness keeps rising, its step falls, η·λ stays ≤ 2',
    `last half: slope of log λ vs log t > ${CLAIM_THRESHOLDS.flatSlope}, slope of log η < −${CLAIM_THRESHOLDS.flatSlope}, median η·λ ≤ 2`, armijoSharpnessParts(runs.filter(isFull)));
}

/** Fraction of late steps whose step size sits at the cap γ_max. */
function capFraction(r: RunLike, cap: number): number {
  const { x, y } = series(r.records, COLUMNS.stepSize);
  const last = x.length ? x[x.length - 1] : 0;
  const late = y.filter((_, i) => x[i] >= last / 2);
  return late.length ? late.filter((v) => v >= cap * (1 - 1e-6)).length / late.length : NaN;
}

/** Polyak's cap γ_max from the resolved config (its default included). */
function capOf(r: ClaimRun): number {
  const t = tunerOf(r);
  return t.kind === 'polyak' ? t.etaMax ?? NaN : NaN;
}

function c3(runs: readonly ClaimRun[]): ClaimResult {
  const t = CLAIM_THRESHOLDS;
  const parts: Part[] = [];
  const excluded: string[] = [];
  for (const r of runs.filter((x) => isFull(x) && hasTuner(x, 'polyak'))) {
    const s = summarizeRun(r);
    if (!Number.isFinite(s.median_eta_lambda)) continue;
    const binding = capFraction(r, capOf(r));
    const scope = scopeOf(r, `polyak γmax=${capOf(r)}`);
    if (binding > t.capBinding) {
      excluded.push(`${scope} (cap binding ${Math.round(100 * binding)}%: median η·λ ${fmt(s.median_eta_lambda)})`);
      continue;
    }
    const base = { arch: archOf(r), seed: seedOf(r) };
    parts.push({ ...base, scope: `${scope} median η·λ`, value: s.median_eta_lambda, text: fmt(s.median_eta_lambda), holds: s.median_eta_lambda >= t.polyakMedian });
    parts.push({ ...base, scope: `${scope} η·λ > 2`, value: s.frac_above_2, text: `${Math.round(100 * s.frac_above_2)}%`, holds: s.frac_above_2 >= t.polyakAboveFraction });
  }
  const res = result('C3', 'full batch: Polyak runs at the edge of stability or beyond (unless γ_max binds)',
    `last half: median η·λ ≥ ${t.polyakMedian} and η·λ > 2 in ≥ ${100 * t.polyakAboveFraction}% of measurements; runs whose cap binds > ${100 * t.capBinding}% of late steps excluded`, parts);
  return excluded.length ? { ...res, measured: `${res.measured}${parts.length ? '; ' : ''}excluded: ${excluded.join(', ')}` } : res;
}

/** C4: Polyak γ_max = 1 below both Armijo presets and the best constant. */
function c4(runs: readonly ClaimRun[]): ClaimResult {
  const parts: Part[] = [];
  for (const g of deterministicGroups(runs)) {
    const polyak = g.rows[g.runs.findIndex(isPolyakCap1)];
    if (!polyak) continue;
    const best = bestConstant(g.rows);
    const armijo = g.rows.filter((row, i) => isArmijo(g.runs[i]) && !row.diverged);
    const bar = Math.min(best?.final_loss ?? Infinity, ...armijo.map((r) => r.final_loss));
    const v = polyak.final_loss / bar;
    parts.push({ arch: g.arch, seed: g.seed, scope: scopeOf(g.runs[0], 'polyak γmax=1'), value: v, text: `${ratio(v)} min(best constant, Armijo)`, holds: v < 1 });
  }
  return result('C4', 'full batch: Polyak (γ_max = 1) ends below Armijo and the best constant step',
    'final loss / min(best constant, Armijo) < 1, per architecture, in ⌈2/3⌉ of seeds', parts);
}

/** C5: at the largest mini-batch, Armijo loses to the constant step(s) there and its sharpness behaves as in C2. */
function c5(runs: readonly ClaimRun[]): ClaimResult {
  const mini = runs.filter((r) => !isFull(r) && archOf(r) === 'mlp');
  if (mini.length === 0) return result('C5', 'large batch: Armijo behaves as in full batch (C1, C2)', '', []);
  const large = Math.max(...mini.map(batchOf));
  const at = mini.filter((r) => batchOf(r) === large);
  const loss = versusBestConstant(seedGroups(at), isArmijo,
    (g, r) => `mlp s${g.seed} batch ${large} ${tunerName(r)} final loss`, 'constant', (v) => v > 1);
  const sharp = armijoSharpnessParts(at).map((p) => ({ ...p, scope: p.scope.replace(/^mlp s(\d+)/, `mlp s$1 batch ${large}`) }));
  return result('C5', `large batch (${large}): Armijo behaves as in full batch (C1, C2)`,
    `at the largest mini-batch: final full-batch loss / constant's > 1; λ slope > ${CLAIM_THRESHOLDS.flatSlope}, η slope < −${CLAIM_THRESHOLDS.flatSlope}, median η·λ ≤ 2`, [...loss, ...sharp]);
}

/** The ranking of constant / Armijo (optax) / Polyak (γ_max = 1) by final full-batch loss at one batch size. */
function ranking(runs: readonly ClaimRun[]): string[] {
  const pick = (m: (r: ClaimRun) => boolean) => runs.find(m);
  const entries = [
    ['constant', pick((r) => hasTuner(r, 'constant'))],
    ['armijo', pick((r) => hasTuner(r, 'armijo', { preset: 'optax' }))],
    ['polyak', pick(isPolyakCap1)],
  ] as const;
  if (entries.some(([, r]) => r === undefined)) return [];
  return entries.map(([name, r]) => ({ name, loss: summarizeRun(r as ClaimRun).final_loss }))
    .sort((a, b) => a.loss - b.loss).map((e) => e.name);
}

/**
 * C6: the ranking at the smallest batch differs from the full-batch one. The sweep compares one
 * constant η (the scale's sweepEta) at every batch size, so the full-batch side uses that same η.
 */
function c6(runs: readonly ClaimRun[], sweepEta: number): ClaimResult {
  const mlp = runs.filter((r) => archOf(r) === 'mlp' && seedOf(r) === 0 && (!hasTuner(r, 'constant') || constantStep(r) === sweepEta));
  const mini = mlp.filter((r) => !isFull(r));
  if (mini.length === 0) return result('C6', 'the ranking of constant / Armijo / Polyak changes with the batch size', '', []);
  const small = Math.min(...mini.map(batchOf));
  const a = ranking(mlp.filter((r) => batchOf(r) === small));
  const b = ranking(mlp.filter(isFull));
  if (!a.length || !b.length) return result('C6', 'the ranking of constant / Armijo / Polyak changes with the batch size', '', []);
  const differs = a.join() !== b.join();
  const part: Part = { arch: 'mlp', seed: 0, scope: `mlp s0 batch ${small} vs full`, value: differs ? 1 : 0, text: `${a.join(' < ')} vs ${b.join(' < ')}`, holds: differs };
  return result('C6', 'the ranking of constant / Armijo / Polyak changes with the batch size',
    `ranking by final full-batch loss (constant η = ${sweepEta}, Armijo optax, Polyak γ_max = 1) at the smallest batch ≠ at full batch`, [part]);
}

/** C8: the joint model (simulated): σ < 2 rule grows λ like √t with η·λ = σ; constant η settles at 2/η. */
function c8(): ClaimResult {
  const t = CLAIM_THRESHOLDS;
  const parts: Part[] = [];
  for (const rule of MODEL_RULES) {
    if (rule.kind === 'armijo-like') {
      const s = summarizeRun(modelRun(rule));
      parts.push({ arch: 'model', seed: 0, scope: `armijo-like σ=${rule.sigma} λ slope`, value: s.lambda_slope, text: fmt(s.lambda_slope, 3), holds: s.lambda_slope >= t.sqrtSlope[0] && s.lambda_slope <= t.sqrtSlope[1] });
      parts.push({ arch: 'model', seed: 0, scope: `armijo-like σ=${rule.sigma} median η·λ`, value: s.median_eta_lambda, text: fmt(s.median_eta_lambda, 3), holds: s.median_eta_lambda < 2 });
    } else if (rule.kind === 'constant') {
      // The model's constant-η dynamics cycle (sharpen past 2/η, x grows, λ drops, repeat), like
      // GD at the edge: the check is on the late median of λ·η/2; the late maximum is reported.
      const { x, y } = series(modelRun(rule).records, COLUMNS.lambda1);
      const late = y.filter((_, i) => x[i] >= x[x.length - 1] / 2).map((l) => (l * rule.eta) / 2);
      const top = Math.max(...late);
      const mid = late.slice().sort((a, b) => a - b)[late.length >> 1];
      parts.push({ arch: 'model', seed: 0, scope: `constant η=${rule.eta} late median (max) λ·η/2`, value: mid, text: `${fmt(mid, 3)} (${fmt(top, 3)})`, holds: Math.abs(mid - 1) <= t.modelEdgeTolerance });
    }
  }
  return result('C8', 'joint model: η·λ pinned below 2 gives λ ∝ √t; a constant η settles at λ = 2/η',
    `σ-rule: late slope of log λ vs log t in [${t.sqrtSlope.join(', ')}] with median η·λ < 2; constant: late median of λ within ${100 * t.modelEdgeTolerance}% of 2/η`, parts);
}

/**
 * C9 on one constant run: η·λ₁ at every measurement, the final one included (η from the config:
 * the last record has no update), where it started, and after it first reaches the band's lower
 * edge, the fraction of measurements inside the band. `reachedAt` is NaN when it never got there.
 */
export function edgeStay(r: ClaimRun): { start: number; reachedAt: number; inside: number; lambda0: number; samples: number } {
  const { x, y: lambdas } = series(r.records, COLUMNS.lambda1);
  const eta = constantStep(r);
  const y = lambdas.map((l) => eta * l);
  const [lo, hi] = CLAIM_THRESHOLDS.edgeBand;
  const first = y.findIndex((v) => v >= lo);
  const lambda0 = lambdas[0] ?? NaN;
  const start = y[0] ?? NaN;
  if (first < 0) return { start, reachedAt: NaN, inside: NaN, lambda0, samples: 0 };
  const rest = y.slice(first);
  return { start, reachedAt: x[first], inside: rest.filter((v) => v >= lo && v <= hi).length / rest.length, lambda0, samples: rest.length };
}

function c9(runs: readonly ClaimRun[]): ClaimResult {
  const t = CLAIM_THRESHOLDS;
  const parts: Part[] = [];
  const atEdge: string[] = [];
  const notReached: string[] = [];
  const measured = (x: RunLike): boolean => series(x.records, COLUMNS.lambda1).y.length > 0;
  for (const r of runs.filter((x) => isFull(x) && hasTuner(x, 'constant') && x.status !== 'diverged' && measured(x))) {
    const e = edgeStay(r);
    const scope = scopeOf(r, `constant η=${constantStep(r)}`);
    if (!(e.start < t.sharpeningStart)) {
      atEdge.push(`${scope} (starts at η·λ₁ = ${fmt(e.start)})`); // no sharpening phase: it cannot test the claim
    } else if (!Number.isFinite(e.reachedAt)) {
      const top = Math.max(...series(r.records, COLUMNS.lambda1).y) * constantStep(r);
      notReached.push(`${scope} (η·λ₁ ${fmt(e.start)} → at most ${fmt(top)}, λ ${fmt(e.lambda0, 0)}→${fmt(summarizeRun(r).final_lambda, 0)})`);
    } else {
      parts.push({ arch: archOf(r), seed: seedOf(r), scope, value: e.inside, text: `${Math.round(100 * e.inside)}% of ${e.samples} in band after sharpening from η·λ₁ = ${fmt(e.start)} to the edge at step ${e.reachedAt}`, holds: e.inside >= t.edgeFraction });
    }
  }
  const res = result('C9', 'constant η: progressive sharpening, then λ within 10% of 2/η for the rest of the run',
    `runs whose first η·λ₁ < ${t.sharpeningStart} count: after η·λ₁ first reaches ${t.edgeBand[0]}, ≥ ${100 * t.edgeFraction}% of measurements (the final one included) with η·λ₁ in [${t.edgeBand.join(', ')}]; runs starting at the edge, or not reaching it, are listed, not counted`,
    parts);
  const listed = [
    ...(atEdge.length ? [`not counted, start at the edge: ${atEdge.join(', ')}`] : []),
    ...(notReached.length ? [`not at the edge within the budget: ${notReached.join(', ')}`] : []),
  ];
  return listed.length ? { ...res, measured: `${res.measured}; ${listed.join('; ')}` } : res;
}

/** CDAT σ = 2 (arXiv 2407.06183): final loss ≤ the best constant's, full batch, per seed. */
function cdat(runs: readonly ClaimRun[]): ClaimResult {
  const parts = versusBestConstant(deterministicGroups(runs), (r) => hasTuner(r, 'cdat', { sigma: 2 }),
    (g, r) => scopeOf(r, tunerName(r)), 'best constant', (v) => v <= 1);
  return result('CDAT', 'full batch: CDAT σ = 2 ends at or below the best constant step (follow-up paper)',
    'final loss / best constant\'s ≤ 1, in ⌈2/3⌉ of seeds', parts);
}

/**
 * Every claim on a set of runs (missing runs give pass = null, not a failure).
 * @param sweepEta the constant step of the batch-size sweep (the scale's `sweepEta`).
 * @example evaluateClaims(runs, 0.05).map((c) => `${c.id} ${c.pass}`)
 */
export function evaluateClaims(runs: readonly ClaimRun[], sweepEta: number): ClaimResult[] {
  return [c1(runs), c2(runs), c3(runs), c4(runs), c5(runs), c6(runs, sweepEta), c8(), c9(runs), cdat(runs)];
}


/** One table row per claim (what `npm run claims` prints), for `aq.from(...)` in notebooks. */
export interface ClaimRow {
  readonly claim: string;
  readonly result: 'pass' | 'FAIL' | 'n/a';
  readonly statement: string;
  readonly threshold: string;
  readonly measured: string;
}

/**
 * @example viz.showTable(aq.from(claimRows(evaluateClaims(runs, scale.sweepEta).filter((c) => c.id === 'C9'))))
 */
export function claimRows(results: readonly ClaimResult[]): ClaimRow[] {
  return results.map((c) => ({
    claim: c.id, result: c.pass === null ? 'n/a' : c.pass ? 'pass' : 'FAIL', statement: c.claim, threshold: c.threshold, measured: c.measured,
  }));
}
