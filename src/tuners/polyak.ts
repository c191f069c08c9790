/**
 * Polyak step size, SPS_max (Loizou et al. 2021): η = min(η_max, (f − f*)₊ / (c·‖g‖² + ε)), and
 * u ↦ η·u (the step size is Polyak's whatever the direction; u = −g is SPS itself).
 * Defaults f* = 0 (squared loss without weight decay), c = 1 (optax's polyak_sgd), η_max = 1.
 */
import { PolyakConfig } from '../config/tuner-config-schema';
import { scale } from '../model/params';
import { definedOnly, Tuner } from './tuner';

export type { PolyakConfig } from '../config/tuner-config-schema';

/** The uncapped Polyak ratio (f − f*)₊ / (c·‖g‖² + ε); SPS_max takes min(η_max, this). */
export function polyakRatio(loss: number, gradNormSq: number, cfg: { fStar: number; c: number; eps: number }): number {
  return Math.max(loss - cfg.fStar, 0) / (cfg.c * gradNormSq + cfg.eps);
}

/** The defaults, in one place: the resolved config (and so the run's hash) carries them. */
export const POLYAK_DEFAULTS = Object.freeze({ etaMax: 1, c: 1, fStar: 0, eps: 1e-12 });

/**
 * Every option with its default filled in (the form run configs are hashed in).
 * @example resolvePolyak({ kind: 'polyak', c: 0.5 }) // { kind: 'polyak', etaMax: 1, c: 0.5, fStar: 0, eps: 1e-12 }
 */
export function resolvePolyak(config: PolyakConfig): Required<PolyakConfig> {
  return { kind: 'polyak', ...POLYAK_DEFAULTS, ...definedOnly(config) };
}

/**
 * @example polyakTuner({ kind: 'polyak', etaMax: 1 })
 */
export function polyakTuner(config: PolyakConfig): Tuner {
  const cfg = resolvePolyak(config);
  if (!(cfg.etaMax > 0 && cfg.c > 0 && cfg.eps >= 0)) throw new Error('polyak: etaMax and c must be > 0, eps ≥ 0');
  return {
    name: 'polyak',
    init: () => ({}),
    async update(direction, state, ctx) {
      const raw = polyakRatio(ctx.loss, ctx.gradNormSq, cfg);
      const stepSize = Math.min(cfg.etaMax, raw);
      return { direction: scale(stepSize, direction), state, info: { stepSize, diagnostics: { polyak_raw: raw, polyak_capped: raw > cfg.etaMax } } };
    },
  };
}
