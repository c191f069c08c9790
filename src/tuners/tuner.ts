/**
 * The step-size tuner contract. Each step, the trainer hands the tuner what it may look at (the
 * loss and gradient on the tuner's batch, trial-point losses, exact HVPs, the sharpness) and the
 * tuner returns η plus its own diagnostics, which land in the run records. Tuners keep their
 * state (e.g. the previous η) in a JSON-able object so runs can resume from checkpoints.
 */
import { Params } from '../model/params';

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
  /** Exact Hessian-vector product on the tuner's batch. The caller disposes the result. */
  hvp(v: Params): Promise<Params>;
  /** λ_max of the full-batch measurement set at w (warm-started; for the oracle tuner). */
  sharpness(): Promise<number>;
}

export type Diagnostics = Record<string, number | boolean>;

export interface TunerStep {
  /** η ≥ 0 for the update w ← w − η·∇f(w). */
  readonly stepSize: number;
  /** Per-step values the tuner wants recorded (names are prefixed with the tuner kind). */
  readonly diagnostics: Diagnostics;
}

export interface Tuner {
  /** Short name for plots and records, e.g. `armijo-optax`. */
  readonly name: string;
  step(ctx: TunerContext): Promise<TunerStep>;
  /** State to store in checkpoints (JSON numbers only). */
  getState(): Record<string, number>;
  setState(state: Readonly<Record<string, number>>): void;
}

/**
 * The keys of a config that are set (an explicit `undefined` must not hide a default).
 * @example definedOnly({ kind: 'cdat', sigma: 2, ema: undefined }) // { kind: 'cdat', sigma: 2 }
 */
export function definedOnly<T extends object>(config: T): Partial<T> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Reads the named finite numbers from a saved tuner state, so a wrong or empty state fails loudly
 * instead of turning into NaN steps.
 * @example const { etaPrev } = readState(state, ['etaPrev'], 'armijo');
 */
export function readState<K extends string>(state: Readonly<Record<string, number>>, keys: readonly K[], tuner: string): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) {
    const v = state[k];
    if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`${tuner} tuner state: '${k}' is missing or not a number (got ${JSON.stringify(state)})`);
    out[k] = v;
  }
  return out;
}
