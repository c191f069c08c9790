/**
 * A tuner config with every option's default filled in. Run configs are hashed in this form, so a
 * changed default is a changed run identity: the runs computed under the old default are never
 * read as current (they were, when defaults lived only inside the tuners).
 */
import { TunerConfig } from '../config/tuner-config-schema';
import { resolveArmijoConfig } from './armijo';
import { resolveCdat } from './cdat';
import { resolvePolyak } from './polyak';

/**
 * @example resolveTunerConfig({ kind: 'polyak' }) // { kind: 'polyak', etaMax: 1, c: 1, fStar: 0, eps: 1e-12 }
 */
export function resolveTunerConfig(config: TunerConfig): TunerConfig {
  switch (config.kind) {
    case 'armijo': return resolveArmijoConfig(config);
    case 'polyak': return resolvePolyak(config);
    case 'cdat': return resolveCdat(config);
    case 'constant':
    case 'oracle':
      return { ...config }; // no option has a default value (oracle's etaMax absent = uncapped)
    default: throw new Error(`unknown tuner kind '${(config as { kind: string }).kind}'`);
  }
}
