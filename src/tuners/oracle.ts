/**
 * Diagnostic "oracle" tuner η = θ·2/λ_max(w): sits at a fixed fraction θ of the edge of
 * stability using the exact sharpness each step (expensive: one warm-started eigen-solve per step); u ↦ η·u.
 */
import { OracleConfig } from '../config/tuner-config-schema';
import { scale } from '../model/params';
import { Tuner } from './tuner';

export type { OracleConfig } from '../config/tuner-config-schema';

/**
 * @example oracleTuner({ kind: 'oracle', theta: 0.9 })
 */
export function oracleTuner(config: OracleConfig): Tuner {
  if (!(config.theta > 0)) throw new Error(`oracle: theta must be > 0, got ${config.theta}`);
  const etaMax = config.etaMax ?? Infinity;
  return {
    name: `oracle-${config.theta}`,
    init: () => ({}),
    async update(direction, state, ctx) {
      const lambda = await ctx.sharpness();
      if (!(lambda > 0) && !Number.isFinite(etaMax)) {
        throw new Error(`oracle tuner: λ_max = ${lambda} ≤ 0 at step ${ctx.step} and no etaMax to fall back on`);
      }
      const stepSize = Math.min(etaMax, lambda > 0 ? (2 * config.theta) / lambda : etaMax);
      return { direction: scale(stepSize, direction), state, info: { stepSize, diagnostics: { oracle_lambda: lambda } } };
    },
  };
}
