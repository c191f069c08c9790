/**
 * sharpness-lab: the public API map. Notebooks import this (compiled) as `../dist`; scripts and
 * other packages as `sharpness-lab`. Plotting and notebook helpers are namespaced (`viz`,
 * `notebook`) to keep the flat list about training and curvature.
 */

// backend
export { initBackend, currentBackend, BACKEND_ENV } from './backend/select-backend';
export type { BackendInfo, BackendName, BackendPath } from './backend/select-backend';
export { BLAS_THREADS_ENV, blasThreads, oversubscription } from './backend/blas/blas-threads';
export { installSecondOrderGradients, secondOrderGradientKernels } from './autodiff/second-order-gradients';
export { stopGradient } from './autodiff/stop-gradient';

// parameters and models
export {
  paramCount, tensorsOf, withTensors, flatten, unflatten, dot, norm, axpy, scale, cloneParams, disposeParams,
} from './model/params';
export type { Param, Params } from './model/params';
export type { Model, ModelSpec, MlpSpec, ConvNetSpec } from './model/model';
export { createModel } from './model/create-model';
export { mlp } from './model/mlp';
export { vgg11, scaledWidth } from './model/vgg11';
export { resnet34 } from './model/resnet34';
export { programForward, programOf } from './model/layer-program';
export type { Layer, LayerProgram } from './model/layer-program';
export { initParams } from './model/init';

// network building blocks (all twice differentiable)
export { dense } from './nn/dense';
export { conv2d } from './nn/conv2d';
export { maxPool2x2, avgPool2x2, globalAvgPool } from './nn/pool';
export { activate, ACTIVATIONS } from './nn/activations';
export type { ActivationName } from './nn/activations';
export { flattenBatch } from './nn/flatten';

// objective
export type { Objective } from './objective/objective';
export { batchObjective } from './objective/objective';
export { squaredLossSum } from './objective/squared-loss';
export { softmaxCrossEntropySum, logSoftmax } from './objective/cross-entropy';
export { objectiveValue } from './objective/objective-value';
export { lineObjective, linesThrough } from './objective/line-objective';
export type { LineObjective, LinesThroughPoint } from './objective/line-objective';

// curvature
export { hvp, objectiveHvp, doubleBackpropHvp, objectiveValueAndGrad } from './curvature/hvp';
export { mlpPointHvp } from './curvature/mlp-hvp';
export { programPointHvp, programHvp } from './curvature/program-hvp';
export type { PointHvp } from './curvature/point-hvp';
export { sharpness, hessianOperator } from './curvature/sharpness';
export type { HessianOperator } from './curvature/sharpness';
export type { SharpnessOptions } from './curvature/sharpness';
export { passMemory, bytesFor } from './curvature/pass-memory';
export type { PassMemory } from './curvature/pass-memory';
export { hvpMemoryPlan } from './curvature/hvp-memory-plan';
export { WASM_HEAP_MAX_BYTES } from './curvature/heap-fit';
export type { MemoryPlan } from './curvature/hvp-memory-plan';
export { wasmMemoryPlan } from './train/wasm-memory-plan';
export { lanczos } from './curvature/lanczos';
export { powerIteration } from './curvature/power-iteration';
export { denseOperator, countMatvecs } from './curvature/symmetric-operator';
export type { SymmetricOperator } from './curvature/symmetric-operator';
export type { EigenResult, EigenOptions } from './curvature/eigen-result';
export { hutchinsonTrace } from './curvature/hutchinson-trace';
export type { TraceEstimate, TraceOptions } from './curvature/hutchinson-trace';
export { spectralDensity, densityOnGrid, densityTrace } from './curvature/spectral-density';
export type { SpectralDensity, DensityOptions, Quadrature } from './curvature/spectral-density';
export { lossLandscape } from './curvature/loss-landscape';
export type { LandscapePoint, LandscapeOptions } from './curvature/loss-landscape';
export { symmetricEigen } from './linalg/symmetric-eigen';
export { tridiagonalEigen } from './linalg/tridiagonal-eigen';

// data
export type { Dataset } from './data/dataset';
export { sliceRows, gatherRows, disposeDataset } from './data/dataset';
export { loadCifar10 } from './data/cifar10-load';
export { summarizeCifar10 } from './data/cifar10-summary';
export { downloadCifar10 } from './data/cifar10-download';
export { resolveCifar10Dir } from './data/cifar10-dir';
export { CIFAR10_CLASS_NAMES, CIFAR10_OFFICIAL_MD5 } from './data/cifar10-format';
export { DataError } from './data/data-error';
export { selectSubset } from './data/subset';
export { channelStats } from './data/channel-stats';
export { makeTeacherTask } from './data/synthetic-teacher';
export { makeChebyshevTask, chebyshevT } from './data/synthetic-chebyshev';
export { syntheticDataset } from './data/synthetic-dataset';
export { findProjectRoot } from './util/project-root';
export { createRng, permutation } from './util/rng';

// step-size tuners
export { createTuner } from './tuners/create-tuner';
export type { TunerConfig } from './tuners/create-tuner';
export type { Tuner, TunerContext, TunerState, TunerUpdate, TunerInfo, TunerDiagnostics } from './tuners/tuner';
export { chain } from './tuners/chain';
export { constantTuner } from './tuners/constant';
export { armijoTuner, armijoHolds, resolveArmijo } from './tuners/armijo';
export { polyakTuner, polyakRatio } from './tuners/polyak';
export { cdatTuner } from './tuners/cdat';
export { oracleTuner } from './tuners/oracle';

// training and runs
export type { RunConfig, DataConfig, SharpnessConfig } from './train/run-config';
export { resolveRunConfig } from './train/run-config';
export { resolveTunerConfig } from './tuners/resolve-tuner-config';
export { validateRunConfig, ConfigError } from './config/validate-run-config';
export { RunConfigSchema } from './config/run-config-schema';
export { publishedSchema } from './config/published-schema';
export { scaleFromEnv, PUBLISHED_SCALE, SCALE_PRESETS, SCALE_ENV } from './config/scale-preset';
export type { ScalePreset } from './config/scale-preset';
export { runExperiment } from './train/run-experiment';
export type { RunOptions, RunResult } from './train/run-experiment';
export type { Run } from './train/run';
export { trainLoop } from './train/train-loop';
export type { LoopProgress, LoopState } from './train/train-loop';
export { trainStep } from './train/train-step';
export { COLUMNS, lambdaColumn } from './train/step-record';
export type { StepRecord } from './train/step-record';
export { buildExperiment, objectiveFor, loadData } from './train/experiment';
export { batchSchedule } from './train/batch-schedule';
export { runProgress } from './display/run-progress';
export { stopOnSignals } from './cli/stop-on-signals';
export type { SignalStop } from './cli/stop-on-signals';
export { openRun, planRun, listRuns, scanRuns, readRecords, readTimings, resolveRunsRoot, LOCK_LEASE_ENV } from './store';
export type { RunListing, RunScan, CorruptRunFolder, PlannedRun } from './store';
export { runIdentity, runHash } from './train/run-identity';
export type { RunIdentity } from './train/run-identity';
export { NUMERICS_VERSION } from './numerics-version';
export { saveCheckpoint, loadCheckpoint } from './checkpoint';

// notebooks
export * as viz from './viz';
export * as notebook from './notebook';

// experiments (scale presets, per-figure run lists) and analysis (summaries, joint model, figures)
export * as experiments from './experiments';
export * as analysis from './analysis';

// scale-out: sweeps as Slurm array jobs over a shared run store
export * as cluster from './cluster';
