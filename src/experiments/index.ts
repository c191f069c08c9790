/** Experiment presets and the run lists of the paper's figures (see docs/scales.md). */
export { experimentScale } from './scale';
export type { Arch, ArchScale, ExperimentScale } from './scale';
export { figureConfig, tuners, FIGURE_SEED } from './base-config';
export {
  quickstartRun, edgeOfStabilityRuns, armijoRuns, polyakRuns, finalLossGrid, batchSizeSweep, modelComparisonRuns, cdatRuns,
  seedRepeatRuns, claimRuns, openQuestionRuns, allFigureRuns, withSeedRepeats,
} from './figure-runs';
export { describeRun, methodOf } from './describe-run';
export type { RunDescription } from './describe-run';
export { runAll, uniqueConfigs } from './run-all';
export type { RunAllOptions } from './run-all';
export type { StoredRun } from './stored-run';
export { trainingSeconds } from './stored-run';
export { storedRuns } from './stored-runs';
export type { StoredRuns, DamagedRun } from './stored-runs';
export { onSubset, parseSubsetChoice, subsetArg, subsetName } from './subset-variant';
export type { SubsetChoice } from './subset-variant';
export { weightsAt, weightsRoot } from './weights-at';
export type { WeightsAt } from './weights-at';
