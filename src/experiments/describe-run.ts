/**
 * Readable names for runs: the method (matching the colour keys of `viz.METHOD_COLORS`), its
 * setting (η, γ_max, σ, θ), the architecture and the batch size, so tables and legends say
 * "mlp constant η=0.1 full" instead of a hash.
 */
import { RunConfig } from '../train/run-config';
import { TunerConfig } from '../tuners/create-tuner';

/** What a run is, for tables and legends. */
export interface RunDescription {
  /** e.g. "mlp · polyak γmax=1 · full batch". */
  readonly label: string;
  /** constant | armijo-optax | armijo-sls | polyak | cdat-1 | cdat-2 | oracle (colour key). */
  readonly method: string;
  /** The method's parameter as text ("η=0.1", "γmax=1", "" when none). */
  readonly setting: string;
  /** mlp | vgg11 | resnet34 (or the model's arch). */
  readonly arch: string;
  /** 'full' or the number of examples per update. */
  readonly batch: number | 'full';
  /** Constant step size η (NaN for tuners). */
  readonly eta: number;
  /** The run's seed (labels name it when it is not the figure seed 0). */
  readonly seed: number;
}

/** The method key of a tuner config. */
export function methodOf(t: TunerConfig): string {
  switch (t.kind) {
    case 'armijo': return `armijo-${t.preset ?? 'optax'}`;
    case 'cdat': return `cdat-${t.sigma}`;
    default: return t.kind;
  }
}

/** Short names of tuner options in labels. */
const SYMBOLS: Readonly<Record<string, string>> = { stepSize: 'η', etaMax: 'γmax', theta: 'θ', fStar: 'f*', beta: 'β', eps: 'ε' };

/**
 * The tuner's main parameter, then every other option the config sets (so runs that differ only
 * in, say, Polyak's c get different labels and colours): "γmax=1 c=0.5".
 */
function settingOf(t: TunerConfig): string {
  const main = t.kind === 'constant' ? `η=${t.stepSize}` : t.kind === 'polyak' ? `γmax=${t.etaMax ?? 1}` : t.kind === 'oracle' ? `θ=${t.theta}` : '';
  const shown = new Set(['kind', 'preset', 'sigma', 'stepSize', 'etaMax', 'theta']);
  const extra = Object.entries(t).filter(([k, v]) => !shown.has(k) && v !== undefined).map(([k, v]) => `${SYMBOLS[k] ?? k}=${v}`);
  if (t.kind === 'armijo' && t.etaMax !== undefined) extra.unshift(`γmax=${t.etaMax}`);
  return [main, ...extra].filter(Boolean).join(' ');
}

/**
 * Describes a run config.
 * @example describeRun(cfg).label // "mlp · constant η=0.1 · full batch"
 */
export function describeRun(config: RunConfig): RunDescription {
  const t = config.tuner;
  const method = methodOf(t);
  const setting = settingOf(t);
  const batch = config.batchSize === undefined || config.batchSize === 'full' || config.batchSize >= config.data.n
    ? 'full' : config.batchSize;
  const arch = config.model.arch;
  const seed = config.seed === 0 ? '' : ` · seed ${config.seed}`;
  const loss = config.loss === 'cross-entropy' ? ' · cross-entropy' : ''; // the squared loss is the paper's, left unsaid
  const label = `${arch} · ${method}${setting ? ' ' + setting : ''} · ${batch === 'full' ? 'full batch' : `batch ${batch}`}${loss}${seed}`;
  return { label, method, setting, arch, batch, eta: t.kind === 'constant' ? t.stepSize : NaN, seed: config.seed };
}
