/**
 * Polyak step size, SPS_max (Loizou et al. 2021): η = min(η_max, (f − f*)₊ / (c·‖g‖² + ε)).
 * Defaults f* = 0 (squared loss without weight decay), c = 1 (optax's polyak_sgd), η_max = 1.
 */
import { PolyakConfig } from '../config/tuner-config-schema';
import { Tuner } from './tuner';

export type { PolyakConfig } from '../config/tuner-config-schema';

/** The uncapped Polyak ratio (f − f*)₊ / (c·‖g‖² + ε); SPS_max takes min(η_max, this). */
export function polyakRatio(loss: number, gradNormSq: number, cfg: { fStar: number; c: number; eps: number }): number {
  return Math.max(loss - cfg.fStar, 0) / (cfg.c * gradNormSq + cfg.eps);
}

/**
 * @example polyakTuner({ kind: 'polyak', etaMax: 1 })
 */
export function polyakTuner(config: PolyakConfig): Tuner {
  const cfg = { etaMax: config.etaMax ?? 1, c: config.c ?? 1, fStar: config.fStar ?? 0, eps: config.eps ?? 1e-12 };
  if (!(cfg.etaMax > 0 && cfg.c > 0 && cfg.eps >= 0)) throw new Error('polyak: etaMax and c must be > 0, eps ≥ 0');
  return {
    name: 'polyak',
    async step(ctx) {
      const raw = polyakRatio(ctx.loss, ctx.gradNormSq, cfg);
      return { stepSize: Math.min(cfg.etaMax, raw), diagnostics: { polyak_raw: raw, polyak_capped: raw > cfg.etaMax } };
    },
    getState: () => ({}),
    setState: () => undefined,
  };
}
