/**
 * Before a run trains on the wasm backend: will its chunked passes fit the 4 GiB wasm heap
 * (src/curvature/heap-fit.ts says why that matters)? At full width a ResNet34 gradient alone
 * needs ≈ 26 MB per example. So the run measures its gradient, its full-batch loss (with
 * mini-batches) and its HVPs (when it computes any) on a few rows, and either says which chunkSize
 * fits or bounds what its sharpness solves may cache. The objective is then marked planned: the
 * checks the public passes make per call (src/curvature/heap-fit.ts) leave it to this plan.
 */
import { Params, disposeParams } from '../model/params';
import { objectiveValueAndGrad } from '../curvature/hvp';
import { objectiveValue } from '../objective/objective-value';
import { DEFAULT_KEPT_BYTES } from '../curvature/point-hvp';
import { demandFits, heapBudget, markPlanned, measuredPass } from '../curvature/heap-fit';
import { MemoryPlan, hvpMemoryPlan } from '../curvature/hvp-memory-plan';
import { Experiment } from './experiment';
import { RunConfig } from './run-config';

/**
 * Measures the run's passes on a few rows and checks that chunks of `config.chunkSize` fit the wasm
 * heap beside the data.
 * @param params any parameters of the run's model (the initialisation will do: memory does not depend on the values).
 * @throws ConfigError naming the largest chunkSize that fits, when one pass does not fit.
 * @returns the bound on the sharpness operator's cache that keeps a solve within the heap.
 * @example const { keptBytes } = wasmMemoryPlan(exp, config, params);
 */
export function wasmMemoryPlan(exp: Experiment, config: Required<RunConfig>, params: Params): MemoryPlan {
  const budget = heapBudget();
  const knob = { knob: 'chunkSize', value: config.chunkSize };
  const { objective: obj, train, measure } = exp;
  const batch = config.batchSize === 'full' ? train.n : Math.min(config.batchSize, train.n);
  const grad = measuredPass(obj, 'gradient', train, (rows) => disposeParams(objectiveValueAndGrad(obj, params, rows).grad));
  demandFits(grad, Math.min(config.chunkSize, batch), budget, 'gradient', knob);
  if (batch < train.n) { // mini-batches: the full-batch loss runs in chunks of chunkSize, larger than the batch
    const loss = measuredPass(obj, 'loss', train, (rows) => { objectiveValue(obj, params, rows); });
    demandFits(loss, Math.min(config.chunkSize, train.n), budget, 'loss', knob);
  }
  // HVPs run over the measurement set (λ₁ solves, the oracle tuner) and over the tuner's batch (CDAT).
  const solves = config.sharpness.every > 0 || config.tuner.kind === 'oracle';
  const hvpRows = Math.max(solves ? measure.n : 0, config.tuner.kind === 'cdat' ? batch : 0);
  const plan = hvpRows > 0 ? hvpMemoryPlan(obj, params, train, config.chunkSize, { rows: hvpRows }) : { keptBytes: DEFAULT_KEPT_BYTES };
  markPlanned(obj); // the per-call checks would see a step's cache and the run's tensors as new, and refuse what this plan allowed
  return plan;
}
