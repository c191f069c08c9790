/**
 * Per figure (docs/claims.md, "Figures the claims read"), the run configs it needs at a scale. Figures share runs on purpose
 * (the constant-step runs of the edge-of-stability figure are the baselines of the Armijo and
 * Polyak figures, the full-batch runs of the sweep are the deterministic runs, ...): equal configs
 * hash to the same run-store folder, so each is trained once for the whole notebook set.
 */
import { RunConfig } from '../train/run-config';
import { FIGURE_SEED, figureConfig, tuners } from './base-config';
import { uniqueConfigs } from './run-all';
import { canonicalJson } from '../store/canonical-json';
import { Arch, ExperimentScale, experimentScale } from './scale';

const ARCHS: readonly Arch[] = ['mlp', 'vgg11', 'resnet34'];

/**
 * The smallest end-to-end run (seconds at every scale): the smoke MLP with a constant step.
 * @example runAll([quickstartRun(experimentScale('default'))], { label: 'quickstart' })
 */
export function quickstartRun(scale: ExperimentScale): RunConfig {
  const smoke = experimentScale('smoke');
  const steps = scale.name === 'smoke' ? smoke.arch.mlp.steps : 100;
  return { ...figureConfig(smoke, 'mlp', tuners.constant(0.05)), steps };
}

/** R1/C9: constant-step gradient descent at several η (MLP, full batch). */
export function edgeOfStabilityRuns(scale: ExperimentScale): RunConfig[] {
  return scale.eosEtas.map((eta) => figureConfig(scale, 'mlp', tuners.constant(eta)));
}

/** R1/C1–C2: Armijo (optax and SLS presets) against the constant steps of the EOS figure. */
export function armijoRuns(scale: ExperimentScale): RunConfig[] {
  return [
    figureConfig(scale, 'mlp', tuners.armijo('optax')),
    figureConfig(scale, 'mlp', tuners.armijo('sls')),
    ...edgeOfStabilityRuns(scale),
  ];
}

/** R1/C3–C4: Polyak over a grid of caps γ_max, against Armijo and the constant steps. */
export function polyakRuns(scale: ExperimentScale): RunConfig[] {
  return [
    ...scale.polyakEtaMax.map((cap) => figureConfig(scale, 'mlp', tuners.polyak(cap))),
    figureConfig(scale, 'mlp', tuners.armijo('optax')),
    ...edgeOfStabilityRuns(scale),
  ];
}

/**
 * R2: final loss against a constant-η log grid (up to divergence) plus Armijo and Polyak (γ_max = 1),
 * per architecture (full batch).
 * @param archs which architectures (default all three).
 */
export function finalLossGrid(scale: ExperimentScale, archs: readonly Arch[] = ARCHS): RunConfig[] {
  return archs.flatMap((arch) => [
    ...scale.arch[arch].etaGrid.map((eta) => figureConfig(scale, arch, tuners.constant(eta))),
    figureConfig(scale, arch, tuners.armijo('optax')),
    figureConfig(scale, arch, tuners.polyak(1)),
  ]);
}

/** R3/R4/C5–C6: constant (η = sweepEta), Armijo (optax) and Polyak (γ_max = 1) at each batch size (MLP). */
export function batchSizeSweep(scale: ExperimentScale): RunConfig[] {
  return scale.batchSizes.flatMap((b) => [
    figureConfig(scale, 'mlp', tuners.constant(scale.sweepEta), b),
    figureConfig(scale, 'mlp', tuners.armijo('optax'), b),
    figureConfig(scale, 'mlp', tuners.polyak(1), b),
  ]);
}

/** R5 comparison: the three rules of the model figure, as trained (MLP, full batch; all shared). */
export function modelComparisonRuns(scale: ExperimentScale): RunConfig[] {
  return [
    figureConfig(scale, 'mlp', tuners.constant(scale.sweepEta)),
    figureConfig(scale, 'mlp', tuners.armijo('optax')),
    figureConfig(scale, 'mlp', tuners.polyak(1)),
  ];
}

/** CDAT (arXiv 2407.06183): σ = 1 (greedy) and σ = 2 (on edge), full batch and one mini-batch size, with the constant baseline. */
export function cdatRuns(scale: ExperimentScale): RunConfig[] {
  return (['full', scale.cdatBatchSize] as const).flatMap((b) => [
    figureConfig(scale, 'mlp', tuners.cdat(1), b),
    figureConfig(scale, 'mlp', tuners.cdat(2), b),
    figureConfig(scale, 'mlp', tuners.constant(scale.sweepEta), b),
  ]);
}

/**
 * The deterministic MLP settings the claims are checked on with every extra seed of the scale:
 * the constant steps from the sweep's η up (where the best constant lies), both Armijo presets,
 * Polyak γ_max = 1 and CDAT σ = 1, 2.
 */
export function seedRepeatRuns(scale: ExperimentScale, seed: number): RunConfig[] {
  const mlp = (tuner: Parameters<typeof figureConfig>[2]) => figureConfig(scale, 'mlp', tuner, 'full', seed);
  return [
    ...scale.arch.mlp.etaGrid.filter((eta) => eta >= scale.sweepEta / 2).map((eta) => mlp(tuners.constant(eta))),
    mlp(tuners.armijo('optax')), mlp(tuners.armijo('sls')), mlp(tuners.polyak(1)), mlp(tuners.cdat(1)), mlp(tuners.cdat(2)),
  ];
}

/**
 * Every run the figures and the claims checker read at a scale, each once: what `npm run
 * reproduce` trains and `npm run claims` looks up in the run store.
 * @example claimRuns(experimentScale('default')).length
 */
export function claimRuns(scale: ExperimentScale): RunConfig[] {
  return uniqueConfigs([
    ...armijoRuns(scale), ...polyakRuns(scale), ...finalLossGrid(scale), ...batchSizeSweep(scale), ...cdatRuns(scale),
    ...scale.seeds.filter((s) => s !== FIGURE_SEED).flatMap((s) => seedRepeatRuns(scale, s)),
  ]);
}

/**
 * Notebook 09, the paper's open questions (MLP, full batch): other line searches (Armijo with a
 * larger c, Goldstein, non-monotone Armijo) against Armijo and the sweep's constant step, and
 * cross-entropy instead of the squared loss for a constant step and Armijo. Polyak against the
 * constant step across batch sizes reuses the batch sweep. Not claim runs: `npm run claims`
 * never sees them (their tuners would match the claims' Armijo selections).
 */
export function openQuestionRuns(scale: ExperimentScale): RunConfig[] {
  const mlp = (tuner: Parameters<typeof figureConfig>[2]) => figureConfig(scale, 'mlp', tuner);
  const crossEntropy = (c: RunConfig): RunConfig => ({ ...c, loss: 'cross-entropy' });
  return [
    mlp(tuners.armijo('optax')), mlp(tuners.constant(scale.sweepEta)),
    mlp(tuners.armijo('optax', { c: 0.3 })),
    mlp(tuners.armijo('optax', { condition: 'goldstein', c: 0.25 })),
    mlp(tuners.armijo('optax', { nonMonotone: 10 })),
    crossEntropy(mlp(tuners.constant(scale.sweepEta))), crossEntropy(mlp(tuners.armijo('optax'))),
  ];
}

/**
 * Every run any notebook reads at a scale, each once: the claim runs plus notebook 09's. What
 * `npm run reproduce` trains.
 */
export function allFigureRuns(scale: ExperimentScale): RunConfig[] {
  return uniqueConfigs([...claimRuns(scale), ...openQuestionRuns(scale)]);
}

/**
 * A figure's configs plus the scale's other seeds of those settings that are claim runs (trained by
 * `reproduce` anyway), so the figure can draw each such setting as a mean with a band.
 * @example runAll(withSeedRepeats(armijoRuns(scale), scale))
 */
export function withSeedRepeats(configs: readonly RunConfig[], scale: ExperimentScale): RunConfig[] {
  const seedless = (c: RunConfig) => canonicalJson({ ...c, seed: FIGURE_SEED });
  const shown = new Set(configs.map(seedless));
  const repeats = scale.seeds.filter((s) => s !== FIGURE_SEED).flatMap((s) => seedRepeatRuns(scale, s)).filter((c) => shown.has(seedless(c)));
  return uniqueConfigs([...configs, ...repeats]);
}
