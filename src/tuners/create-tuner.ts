/** Builds a tuner from its JSON config (the form stored in run configs). */
import { Tuner } from './tuner';
import { TunerConfig } from '../config/tuner-config-schema';
import { constantTuner } from './constant';
import { armijoTuner } from './armijo';
import { polyakTuner } from './polyak';
import { cdatTuner } from './cdat';
import { oracleTuner } from './oracle';

export type { TunerConfig };

/**
 * @example createTuner({ kind: 'polyak', etaMax: 1 })
 */
export function createTuner(config: TunerConfig): Tuner {
  switch (config.kind) {
    case 'constant': return constantTuner(config);
    case 'armijo': return armijoTuner(config);
    case 'polyak': return polyakTuner(config);
    case 'cdat': return cdatTuner(config);
    case 'oracle': return oracleTuner(config);
    default: throw new Error(`unknown tuner kind '${(config as { kind: string }).kind}'`);
  }
}
