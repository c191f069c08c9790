/** The run store: one folder per config hash with config, records, timings, status and checkpoint (docs/run-store.md). */
export { openRun } from './open-run';
export type { OpenRunOptions } from './open-run';
export { RunHandle } from './run-handle';
export type { RunRecord } from './run-handle';
export { listRuns, scanRuns } from './list-runs';
export type { CorruptRunFolder, RunScan, RunListing } from './list-runs';
export { readRecords, readTimings, recordsUpTo } from './read-records';
export { configHash, HASH_LENGTH } from './config-hash';
export { canonicalJson, canonicalize } from './canonical-json';
export type { CanonicalJson } from './canonical-json';
export { resolveRunsRoot, RUNS_ENV } from './runs-root';
export { RUN_FILES, runPaths } from './run-files';
export type { RunPaths } from './run-files';
export { RunLockedError } from './run-lock';
export { isCompleteState, readStatus } from './run-status';
export type { RunState, RunStatus, FinalState } from './run-status';
