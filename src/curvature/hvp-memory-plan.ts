/**
 * The wasm memory plan of an eigen-solve: its HVP chunks must fit the 4 GiB heap (heap-fit.ts), and
 * the passes the Hessian operator keeps at its point get what one chunk's HVP leaves (a cache: it
 * never changes the numbers). Runs check their gradient too (src/train/wasm-memory-plan.ts).
 */
import { Params, disposeParams } from '../model/params';
import { Objective } from '../objective/objective';
import { Dataset } from '../data/dataset';
import { objectiveHvp } from './hvp';
import { DEFAULT_KEPT_BYTES } from './point-hvp';
import { bytesFor } from './pass-memory';
import { demandFits, heapBudget, measuredPass } from './heap-fit';

/** What a plan lets an eigen-solve do. */
export interface MemoryPlan {
  /** Bound on the passes the Hessian operator keeps at a point (what is not kept is recomputed, same bits). */
  readonly keptBytes: number;
}

/**
 * Checks that an HVP over chunks of `chunkSize` fits the wasm heap beside what is live, and bounds the
 * passes a solve may keep so that it fits too.
 * @param data examples of the model's input (measured on its first few rows, once per objective).
 * @param opts rows: examples an HVP runs over (default data.n); knob: what the error tells the user to lower (default 'chunkSize').
 * @throws ConfigError naming the largest chunk that fits.
 * @example const { keptBytes } = hvpMemoryPlan(obj, params, data, 1000, { knob: '--chunk' });
 */
export function hvpMemoryPlan(
  obj: Objective, params: Params, data: Dataset, chunkSize: number, opts: { rows?: number; knob?: string } = {},
): MemoryPlan {
  const budget = heapBudget();
  const hvp = measuredPass(obj, 'HVP', data, (rows) => disposeParams(objectiveHvp(obj, params, rows, params)));
  const rows = Math.min(chunkSize, opts.rows ?? data.n);
  demandFits(hvp, rows, budget, 'HVP', { knob: opts.knob ?? 'chunkSize', value: chunkSize });
  // A solve holds the passes it keeps plus one chunk's HVP at work: the cache gets what that leaves.
  return { keptBytes: Math.max(0, Math.min(DEFAULT_KEPT_BYTES, Math.floor(budget - bytesFor(hvp, rows)))) };
}
