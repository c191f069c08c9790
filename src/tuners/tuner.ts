/**
 * The tuner contract, in the spirit of optax's gradient transformations: a tuner is a pure
 * transformation of an update direction, `init() → state` and `update(u, state, ctx) →
 * {direction, state, info}`, and `chain` composes them. The trainer starts from u = −∇f, applies
 * w ← w + direction, and records `info` (the step size it chose and its typed diagnostics). So a
 * line search or CDAT wraps any direction (plain gradient today; a preconditioned or momentum
 * direction is one more transformation in the chain), and the loop never hard-codes w − η·g.
 * State is a flat JSON-able record of numbers, saved in checkpoints so runs resume exactly.
 */
import { Params } from '../model/params';

/** What a tuner may look at, at the current iterate (all on the tuner's batch except `sharpness`). */
export interface TunerContext {
  /** Update index, from 0. */
  readonly step: number;
  /** Mini-batches per epoch (1 in full-batch mode); SLS grows η by 2^(1/batchesPerEpoch). */
  readonly batchesPerEpoch: number;
  /** Current parameters w. */
  readonly params: Params;
  /** f(w) on the tuner's batch. */
  readonly loss: number;
  /** ∇f(w) on the tuner's batch. */
  readonly grad: Params;
  /** ‖∇f(w)‖² (float64). */
  readonly gradNormSq: number;
  /** f on the tuner's batch at other parameters (line-search trial points). */
  lossAt(params: Params): Promise<number>;
  /**
   * f(w + η·u) on the tuner's batch, for line searches that try several η along one direction u:
   * where present they call it instead of `lossAt(w + η·u)`. The trainer's reuses an MLP's first
   * layer along u (src/objective/line-objective.ts), equal to `lossAt` up to float32 rounding.
   */
  lossAlong?(direction: Params, eta: number): Promise<number>;
  /** Exact Hessian-vector product on the tuner's batch. The caller disposes the result. */
  hvp(v: Params): Promise<Params>;
  /** λ_max of the full-batch measurement set at w (warm-started; for the oracle tuner). */
  sharpness(): Promise<number>;
}

/** A tuner's state: named numbers (checkpointed as JSON; NaN and ±Infinity survive). */
export type TunerState = Readonly<Record<string, number>>;

/** Per-step diagnostics of the shipped tuners, as they appear in the run records (a type literal, so rows index like records). */
export type TunerDiagnostics = {
  /** Armijo: the first trial step, trials used, whether no trial passed, the last trial's loss. */
  readonly armijo_start?: number;
  readonly armijo_trials?: number;
  readonly armijo_fallback?: boolean;
  readonly armijo_trial_loss?: number;
  /** Non-monotone Armijo: the reference max(f_k, …, f_{k−M+1}) the trial losses were compared with. */
  readonly armijo_reference?: number;
  /** Polyak: the uncapped ratio and whether the cap γ_max applied. */
  readonly polyak_raw?: number;
  readonly polyak_capped?: boolean;
  /** CDAT: uᵀHu along the direction u (= gᵀHg for u = −g) and uᵀHu/‖u‖². */
  readonly cdat_gHg?: number;
  readonly cdat_rayleigh?: number;
  /** Oracle: the exact λ_max it used. */
  readonly oracle_lambda?: number;
};

/** What a transformation reports about its step. */
export interface TunerInfo {
  /** The scalar η this piece scaled the direction by (absent for pieces that do not scale). */
  readonly stepSize?: number;
  readonly diagnostics: TunerDiagnostics;
}

/** The result of `update`: the new direction (owned by the caller), the next state and the info. */
export interface TunerUpdate {
  readonly direction: Params;
  readonly state: TunerState;
  readonly info: TunerInfo;
}

/** A step-size tuner (or any other transformation of the update direction). */
export interface Tuner {
  /** Short name for plots and records, e.g. `armijo-optax`. */
  readonly name: string;
  /** The state before the first step. */
  init(): TunerState;
  /**
   * Transforms the direction u (the parameters move to w + direction). Must not dispose or keep `direction`.
   * @param direction the incoming update direction (u = −∇f for the first piece).
   * @param state this tuner's state (from `init` or the previous update; never mutated).
   */
  update(direction: Params, state: TunerState, ctx: TunerContext): Promise<TunerUpdate>;
}

/**
 * Reads the named numbers from a saved tuner state, so a wrong or empty state fails loudly
 * instead of turning into NaN steps.
 * @example const { etaPrev } = readState(state, ['etaPrev'], 'armijo');
 */
export function readState<K extends string>(state: TunerState, keys: readonly K[], tuner: string): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) {
    const v = state[k];
    if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`${tuner} tuner state: '${k}' is missing or not a number (got ${JSON.stringify(state)})`);
    out[k] = v;
  }
  return out;
}

/**
 * The keys of a config that are set (an explicit `undefined` must not hide a default).
 * @example definedOnly({ kind: 'cdat', sigma: 2, ema: undefined }) // { kind: 'cdat', sigma: 2 }
 */
export function definedOnly<T extends object>(config: T): Partial<T> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as Partial<T>;
}
