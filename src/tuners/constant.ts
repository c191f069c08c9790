/** Constant step size: the baseline every tuner is compared with. */
import { ConstantConfig } from '../config/tuner-config-schema';
import { Tuner } from './tuner';

export type { ConstantConfig } from '../config/tuner-config-schema';

/**
 * @example constantTuner({ kind: 'constant', stepSize: 0.01 })
 */
export function constantTuner(config: ConstantConfig): Tuner {
  if (!(config.stepSize > 0)) throw new Error(`constant tuner needs stepSize > 0, got ${config.stepSize}`);
  return {
    name: 'constant',
    step: async () => ({ stepSize: config.stepSize, diagnostics: {} }),
    getState: () => ({}),
    setState: () => undefined,
  };
}
