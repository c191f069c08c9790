/**
 * The joint model's trajectories as runs: records with the trainer's field names (loss,
 * step_size, lambda_1, eta_lambda, plus abs_x), so summaries, tables and per-step panels treat
 * simulated and trained runs alike.
 */
import { DEFAULT_MODEL, JointModelParams, ModelRule, simulateJointModel } from './joint-model';
import { RunLike } from './run-like';

/** The method colour key that corresponds to a model rule. */
export function ruleMethod(rule: ModelRule): string {
  switch (rule.kind) {
    case 'constant': return 'constant';
    case 'armijo-like': return 'armijo-optax';
    case 'oracle': return 'oracle';
    case 'polyak-like': return 'polyak';
  }
}

/** A readable name of a model rule, e.g. "model · polyak-like γmax=1". */
export function ruleLabel(rule: ModelRule): string {
  switch (rule.kind) {
    case 'constant': return `model · constant η=${rule.eta}`;
    case 'armijo-like': return `model · armijo-like σ=${rule.sigma}`;
    case 'oracle': return `model · oracle 2θ/λ θ=${rule.theta ?? 1}`;
    case 'polyak-like': return `model · polyak-like γmax=${rule.etaMax}`;
  }
}

/** The rules of figure R5: constant, Armijo-like (σ = 1.5), the 2/λ oracle, Polyak-like capped and nearly uncapped. */
export const MODEL_RULES: readonly ModelRule[] = [
  { kind: 'constant', eta: 0.2 },
  { kind: 'armijo-like', sigma: 1.5 },
  { kind: 'oracle', theta: 1 },
  { kind: 'polyak-like', etaMax: 1 },
  { kind: 'polyak-like', etaMax: 100 },
];

/**
 * Simulates a rule and returns it as a run.
 * @example summarizeRun(modelRun({ kind: 'armijo-like', sigma: 1.5 })).lambda_slope // ≈ 0.5
 */
export function modelRun(rule: ModelRule, params: Partial<JointModelParams> = {}): RunLike {
  const rows = simulateJointModel(rule, params);
  const records = rows.map((r) => ({
    step: r.step, loss: r.loss, step_size: r.eta, lambda_1: r.lambda, eta_lambda: r.eta_lambda, abs_x: Math.abs(r.x),
  }));
  const last = rows[rows.length - 1];
  const diverged = !(Number.isFinite(last.loss) && Number.isFinite(last.lambda)) || rows.length < (params.steps ?? DEFAULT_MODEL.steps) + 1;
  return {
    label: ruleLabel(rule), method: ruleMethod(rule), eta: rule.kind === 'constant' ? rule.eta : NaN,
    arch: 'model', batch: 'full', setting: '', status: diverged ? 'diverged' : 'finished', records,
  };
}

/**
 * Thins a run's records to at most `maxPoints` (keeping the first and last, log-spaced when
 * `log`), for plotting long simulations without megabytes of JSON in the notebook.
 */
export function thinRun(run: RunLike, maxPoints = 800, log = true): RunLike {
  const n = run.records.length;
  if (n <= maxPoints) return run;
  const keep = new Set<number>([0, n - 1]);
  for (let i = 0; i < maxPoints; i++) {
    const f = i / (maxPoints - 1);
    keep.add(Math.min(n - 1, Math.round(log ? Math.expm1(f * Math.log(n)) : f * (n - 1))));
  }
  return { ...run, records: [...keep].sort((a, b) => a - b).map((i) => run.records[i]) };
}
