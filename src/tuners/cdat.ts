/**
 * CDAT, curvature-dynamics aware tuning (Roulet et al. 2024, arXiv 2407.06183):
 * η = σ·max(−gᵀu, 0) / (|uᵀHu| + ε) for the incoming direction u, and u ↦ η·u. For gradient
 * descent (u = −g) that is η = σ·‖g‖² / (|gᵀHg| + ε): σ = 1 is the greedy step of the local
 * quadratic, σ = 2 puts the step "on edge" (η times the curvature along u equals 2). Numerator and
 * denominator are smoothed by an exponential moving average with bias correction (ema = 0 turns
 * smoothing off). One exact HVP per step.
 */
import { CdatConfig } from '../config/tuner-config-schema';
import { dot, disposeParams, scale } from '../model/params';
import { definedOnly, Tuner, readState } from './tuner';

export type { CdatConfig } from '../config/tuner-config-schema';

/** The defaults, in one place (no `etaMax`: uncapped). */
export const CDAT_DEFAULTS = Object.freeze({ ema: 0, eps: 1e-12 });

/**
 * Every option with its default filled in (the form run configs are hashed in); an absent `etaMax` means uncapped.
 * @example resolveCdat({ kind: 'cdat', sigma: 2 }) // { kind: 'cdat', sigma: 2, ema: 0, eps: 1e-12 }
 */
export function resolveCdat(config: CdatConfig): CdatConfig {
  return { kind: 'cdat', ...CDAT_DEFAULTS, ...definedOnly(config), sigma: config.sigma };
}

/**
 * @example cdatTuner({ kind: 'cdat', sigma: 2 })
 */
export function cdatTuner(config: CdatConfig): Tuner {
  const resolved = resolveCdat(config);
  const ema = resolved.ema!;
  const eps = resolved.eps!;
  const etaMax = resolved.etaMax ?? Infinity;
  if (!(config.sigma > 0)) throw new Error(`cdat: sigma must be > 0, got ${config.sigma}`);
  if (!(ema >= 0 && ema < 1)) throw new Error(`cdat: ema must be in [0, 1), got ${ema}`);
  return {
    name: `cdat-${config.sigma}`,
    init: () => ({ num: 0, den: 0, count: 0 }),
    async update(direction, state, ctx) {
      const prev = readState(state, ['num', 'den', 'count'], 'cdat');
      const hu = await ctx.hvp(direction);
      const curvature = dot(direction, hu);
      disposeParams(hu);
      const descent = -dot(ctx.grad, direction); // −gᵀu: ‖g‖² for u = −g
      const num = ema * prev.num + (1 - ema) * descent;
      const den = ema * prev.den + (1 - ema) * Math.abs(curvature);
      const count = prev.count + 1;
      const correction = 1 - ema ** count;
      const stepSize = Math.min(etaMax, (config.sigma * Math.max(num / correction, 0)) / (den / correction + eps));
      return {
        direction: scale(stepSize, direction),
        state: { num, den, count },
        info: { stepSize, diagnostics: { cdat_gHg: curvature, cdat_rayleigh: curvature / dot(direction, direction) } },
      };
    },
  };
}
