/**
 * Experiment sizes chosen by ONE parameter (`SHARPNESS_LAB_SCALE` = smoke | default | paper), with
 * the same code path for all three: every figure function builds its run configs from these
 * numbers only. Why these numbers (measured step and HVP times on wasm, 2 cores): docs/scales.md.
 *
 * - smoke: the whole notebook set in a few minutes (CI runs it in `npm test`): tiny models on
 *   64 images, a few dozen steps. Checks the plumbing; the curves mean little.
 * - default: the full set in under an hour on a 2-core machine (wasm+blas; measured 7.7 min wall with
 *   `npm run reproduce -- --jobs 2`): the full-size MLP on 512 images for 300 steps shows
 *   progressive sharpening, the edge of stability and the tuners' behaviour, with a second seed
 *   for the claims; VGG11/ResNet34 run at 1/16 and 1/32 width on 64 images for 200/150 steps,
 *   without sharpness measurements (final loss only).
 * - paper: the paper's sizes (5000 images, full-width MLP/VGG11/ResNet34, thousands of steps).
 *   Measured on 2 cores: its MLP runs take ≈ 5.5 h wall, its conv nets weeks (ResNet34: 172 s per
 *   step), so those are for many cores or a Slurm array.
 */
import { ConvNetSpec, ModelSpec } from '../model/model';
import { SharpnessConfig } from '../train/run-config';
import { ScalePreset } from '../config/scale-preset';

/** The architectures of the paper. */
export type Arch = 'mlp' | 'vgg11' | 'resnet34';

/** The size of the deterministic (full-batch) runs of one architecture. */
export interface ArchScale {
  readonly model: ModelSpec;
  /** Training examples: the first n CIFAR-10 training images. */
  readonly n: number;
  /** Updates per run. */
  readonly steps: number;
  readonly sharpness: SharpnessConfig;
  /** Constant step sizes of the final-loss figure, a factor-2 log grid whose top value diverges. */
  readonly etaGrid: readonly number[];
  /** Checkpoint period (large values save I/O on short runs). */
  readonly checkpointEvery: number;
  /** Examples per chunk of the full-batch passes, where the run config's default (1000) would not fit wasm's 4 GiB heap. */
  readonly chunkSize?: number;
}

/** Everything a scale fixes. */
export interface ExperimentScale {
  readonly name: ScalePreset;
  readonly arch: Readonly<Record<Arch, ArchScale>>;
  /** Constant step sizes of the edge-of-stability figure (MLP; all stable, from the grid). */
  readonly eosEtas: readonly number[];
  /** The constant step size the batch-size sweep compares the tuners with (MLP). */
  readonly sweepEta: number;
  /** Polyak caps γ_max of the Polyak figure. */
  readonly polyakEtaMax: readonly number[];
  /** Batch sizes of the stochastic sweep (MLP; 'full' is the deterministic run). */
  readonly batchSizes: readonly (number | 'full')[];
  /** The mini-batch size of the CDAT figure. */
  readonly cdatBatchSize: number;
  /** Loss level for the "steps to target" column of the summaries. */
  readonly lossTarget: number;
  /** Seeds of the claim runs (`claimRuns`); figures use the first. */
  readonly seeds: readonly number[];
}

const mlpSpec = (width: number): ModelSpec =>
  ({ arch: 'mlp', inputDim: 3072, hidden: [width, width], outputDim: 10, activation: 'tanh' });
const convSpec = (arch: 'vgg11' | 'resnet34', widthMultiplier: number, extra: Partial<ConvNetSpec> = {}): ModelSpec =>
  ({ arch, widthMultiplier, inputShape: [32, 32, 3], outputDim: 10, activation: 'relu', ...extra });
/** Cohen et al.'s VGG init: the torch default leaves a BN-free VGG on a flat plateau (docs/scales.md). */
const VGG_NO_BN: Partial<ConvNetSpec> = { init: 'he-fan-out' };
/** Without batch norm, He-initialised residual sums double the variance per block; α = 1/4 keeps 16 blocks trainable. */
const RESNET_NO_BN: Partial<ConvNetSpec> = { init: 'he-fan-out', residualScale: 0.25 };
const grid = (lo: number, count: number): number[] => Array.from({ length: count }, (_, i) => lo * 2 ** i);

const SMOKE: ExperimentScale = {
  name: 'smoke',
  arch: {
    mlp: { model: mlpSpec(32), n: 64, steps: 40, sharpness: { every: 10, tol: 1e-2 }, etaGrid: grid(0.025, 4), checkpointEvery: 1000 },
    vgg11: { model: convSpec('vgg11', 1 / 16, VGG_NO_BN), n: 16, steps: 6, sharpness: { every: 0 }, etaGrid: grid(0.05, 3), checkpointEvery: 1000 },
    resnet34: { model: convSpec('resnet34', 1 / 32, RESNET_NO_BN), n: 16, steps: 6, sharpness: { every: 0 }, etaGrid: grid(0.05, 3), checkpointEvery: 1000 },
  },
  eosEtas: [0.025, 0.05],
  sweepEta: 0.05,
  polyakEtaMax: [0.1, 1],
  batchSizes: [16, 'full'],
  cdatBatchSize: 16,
  lossTarget: 0.3,
  seeds: [0],
};

const DEFAULT: ExperimentScale = {
  name: 'default',
  arch: {
    mlp: { model: mlpSpec(200), n: 512, steps: 300, sharpness: { every: 25, denseEvery: 5, tol: 3e-3 }, etaGrid: grid(0.00625, 5), checkpointEvery: 100 },
    vgg11: { model: convSpec('vgg11', 1 / 16, VGG_NO_BN), n: 64, steps: 200, sharpness: { every: 0 }, etaGrid: grid(0.05, 8), checkpointEvery: 100 },
    resnet34: { model: convSpec('resnet34', 1 / 32, RESNET_NO_BN), n: 64, steps: 150, sharpness: { every: 0 }, etaGrid: grid(0.05, 8), checkpointEvery: 100 },
  },
  eosEtas: [0.00625, 0.0125, 0.025, 0.05],
  sweepEta: 0.05,
  polyakEtaMax: [0.1, 1, 10],
  batchSizes: [16, 64, 256, 'full'],
  cdatBatchSize: 64,
  lossTarget: 0.1,
  seeds: [0, 1],
};

const PAPER: ExperimentScale = {
  name: 'paper',
  arch: {
    mlp: { model: mlpSpec(200), n: 5000, steps: 5000, sharpness: { every: 50, tol: 1e-3, measureSize: 5000 }, etaGrid: grid(0.005, 8), checkpointEvery: 250 },
    // Full width, an HVP needs ≈ 8 MB (VGG11) and ≈ 49 MB (ResNet34) per example: chunks of 1000 would exhaust wasm's heap.
    vgg11: { model: convSpec('vgg11', 1, VGG_NO_BN), n: 5000, steps: 2000, sharpness: { every: 100, tol: 1e-3, measureSize: 1000 }, etaGrid: grid(0.01, 10), checkpointEvery: 250, chunkSize: 250 },
    resnet34: { model: convSpec('resnet34', 1, RESNET_NO_BN), n: 5000, steps: 2000, sharpness: { every: 100, tol: 1e-3, measureSize: 1000 }, etaGrid: grid(0.01, 10), checkpointEvery: 250, chunkSize: 50 },
  },
  eosEtas: [0.01, 0.02, 0.04, 0.08],
  sweepEta: 0.04,
  polyakEtaMax: [0.1, 0.3, 1, 3, 10],
  batchSizes: [256, 1024, 4096, 'full'],
  cdatBatchSize: 1024,
  lossTarget: 0.05,
  seeds: [0, 1, 2],
};

const SCALES: Readonly<Record<ScalePreset, ExperimentScale>> = { smoke: SMOKE, default: DEFAULT, paper: PAPER };

/**
 * The numbers of a scale preset.
 * @param scale 'smoke' | 'default' | 'paper' (e.g. from `notebook.scaleFromEnv()`).
 * @returns the frozen preset (model specs, data sizes, steps, grids).
 * @example experimentScale('smoke').arch.mlp.steps // 40
 */
export function experimentScale(scale: ScalePreset): ExperimentScale {
  const s = SCALES[scale];
  if (s === undefined) throw new Error(`unknown scale '${String(scale)}'; use smoke, default or paper`);
  return s;
}
