/**
 * Command-line options of bench/bench.ts.
 *   --quick            small sizes (MLP 1000 images, conv nets 100), 2 repeats
 *   --models a,b       subset of mlp-tanh, mlp-relu, vgg11, resnet34 (default: all four)
 *   --n-mlp N          images for the MLPs (default 5000)     --n-conv N   for the conv nets (default 1000)
 *   --width W          conv-net width multiplier (default 0.125)
 *   --chunk-conv N     examples per chunk for the conv nets (default 200; the MLPs use one chunk of 5000)
 *   --reps N           timed repeats after one warm-up (default 3)
 *   --threads N        threads on both sides, so that both run on the same cores: ours as
 *                      SHARPNESS_LAB_BLAS_THREADS (oneDNN / OpenBLAS), PyTorch's intra-op and OpenBLAS
 *                      threads (default: $SHARPNESS_LAB_BLAS_THREADS if set, else the machine's cores)
 *   --full-batch       also the MLP (tanh) gradient and HVP over all 50000 training images, chunks of 5000
 *   --no-lanczos       skip the Lanczos rows      --no-torch   skip PyTorch (and the cross-check)
 *   --no-torch-lanczos Lanczos on our side only (PyTorch's conv-net Lanczos takes an hour here)
 *   --warm-step S      the gradient step between the cold and the warm Lanczos is S/λ1 (default 1)
 *   --out FILE         JSON output (default bench/results/<path>-<threads>t-<date>.json)
 */
import * as os from 'os';
import { BLAS_THREADS_ENV, blasThreads } from '../../src';

export interface BenchOptions {
  readonly quick: boolean;
  readonly models: readonly string[];
  readonly nMlp: number;
  readonly nConv: number;
  readonly width: number;
  readonly chunkConv: number;
  readonly reps: number;
  readonly threads: number;
  readonly fullBatch: boolean;
  readonly lanczos: boolean;
  readonly torch: boolean;
  readonly torchLanczos: boolean;
  readonly warmStep: number;
  readonly out?: string;
}

/** All model names the bench knows. */
export const MODEL_NAMES = ['mlp-tanh', 'mlp-relu', 'vgg11', 'resnet34'] as const;

/**
 * Parses argv (without node and the script).
 * @example parseOptions(['--quick', '--models', 'mlp-tanh']).nMlp // 1000
 */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const has = (flag: string) => argv.includes(flag);
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (flag: string, fallback: number): number => {
    const v = value(flag);
    if (v === undefined) return fallback;
    const x = Number(v);
    if (!(x > 0)) throw new Error(`${flag} needs a positive number, got '${v}'`);
    return x;
  };
  const quick = has('--quick');
  const models = (value('--models') ?? MODEL_NAMES.join(',')).split(',').map((m) => m.trim()).filter(Boolean);
  const unknown = models.filter((m) => !(MODEL_NAMES as readonly string[]).includes(m));
  if (unknown.length > 0) throw new Error(`unknown model(s) ${unknown.join(', ')}; use ${MODEL_NAMES.join(', ')}`);
  return {
    quick,
    models,
    nMlp: num('--n-mlp', quick ? 1000 : 5000),
    nConv: num('--n-conv', quick ? 100 : 1000),
    width: num('--width', 0.125),
    chunkConv: num('--chunk-conv', quick ? 100 : 200),
    reps: num('--reps', quick ? 2 : 3),
    threads: wholeNumber('--threads', value('--threads') === undefined ? defaultThreads() : num('--threads', 1)),
    fullBatch: has('--full-batch'),
    lanczos: !has('--no-lanczos'),
    torch: !has('--no-torch'),
    torchLanczos: !has('--no-torch-lanczos'),
    warmStep: num('--warm-step', 1),
    out: value('--out'),
  };
}

/** The environment's BLAS threads when set (checked as runs check it), else every core. */
function defaultThreads(): number {
  return process.env[BLAS_THREADS_ENV] ? blasThreads() : os.cpus().length;
}

function wholeNumber(flag: string, x: number): number {
  if (!Number.isInteger(x)) throw new Error(`${flag} needs a whole number, got ${x}`);
  return x;
}
