/** Run summaries, growth slopes, the joint step-size/sharpness model and the figure builders. */
export type { Row, RunLike } from './run-like';
export { num, lossKey, series } from './run-like';
export { summarizeRun, summaryRows, bestConstant, median } from './summary';
export type { RunSummary } from './summary';
export { logLogSlope, lateSlope } from './log-log-slope';
export { simulateJointModel, modelStepSize, DEFAULT_MODEL } from './joint-model';
export type { ModelRule, JointModelParams, ModelRow } from './joint-model';
export { modelRun, thinRun, ruleMethod, ruleLabel, MODEL_RULES } from './model-runs';
export { runStyles } from './run-styles';
export type { LineStyle } from './run-styles';
export { stepFigure, trainingFigures, legendNames } from './step-figures';
export type { StepMetric, StepFigureOptions } from './step-figures';
export { finalLossFigure } from './final-loss-figure';
export { batchSweepFigure } from './batch-sweep-figure';
export type { SweepMetric } from './batch-sweep-figure';
export { SUMMARY_COLUMNS } from './summary';
export { evaluateClaims, claimRows, CLAIM_THRESHOLDS, seedsNeeded, edgeStay } from './paper-claims';
export type { ClaimRun, ClaimResult, ClaimPart, ClaimRow } from './paper-claims';
