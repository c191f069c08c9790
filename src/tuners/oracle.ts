/**
 * Diagnostic "oracle" tuner η = θ·2/λ_max(w): sits at a fixed fraction θ of the edge of
 * stability using the exact sharpness each step (expensive: one warm-started eigen-solve per step).
 */
import { OracleConfig } from '../config/tuner-config-schema';
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
    async step(ctx) {
      const lambda = await ctx.sharpness();
      if (!(lambda > 0) && !Number.isFinite(etaMax)) {
        throw new Error(`oracle tuner: λ_max = ${lambda} ≤ 0 at step ${ctx.step} and no etaMax to fall back on`);
      }
      const stepSize = Math.min(etaMax, lambda > 0 ? (2 * config.theta) / lambda : etaMax);
      return { stepSize, diagnostics: { oracle_lambda: lambda } };
    },
    getState: () => ({}),
    setState: () => undefined,
  };
}
