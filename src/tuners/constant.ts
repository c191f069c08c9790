/** Constant step size: the baseline every tuner is compared with. u ↦ η·u. */
import { ConstantConfig } from '../config/tuner-config-schema';
import { scale } from '../model/params';
import { Tuner } from './tuner';

export type { ConstantConfig } from '../config/tuner-config-schema';

/**
 * @example constantTuner({ kind: 'constant', stepSize: 0.01 })
 */
export function constantTuner(config: ConstantConfig): Tuner {
  if (!(config.stepSize > 0)) throw new Error(`constant tuner needs stepSize > 0, got ${config.stepSize}`);
  return {
    name: 'constant',
    init: () => ({}),
    update: async (direction, state) => ({
      direction: scale(config.stepSize, direction), state, info: { stepSize: config.stepSize, diagnostics: {} },
    }),
  };
}
