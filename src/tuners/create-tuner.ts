/** Builds a tuner from its JSON config (the form stored in run configs). */
import { Tuner } from './tuner';
import { constantTuner, ConstantConfig } from './constant';
import { armijoTuner, ArmijoConfig } from './armijo';
import { polyakTuner, PolyakConfig } from './polyak';
import { cdatTuner, CdatConfig } from './cdat';
import { oracleTuner, OracleConfig } from './oracle';

export type TunerConfig = ConstantConfig | ArmijoConfig | PolyakConfig | CdatConfig | OracleConfig;

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
