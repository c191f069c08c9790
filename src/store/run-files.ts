/**
 * The layout of one run folder `<root>/<hash>/`, in one place so the store, the trainer and the
 * docs (docs/run-store.md) agree on file names.
 */
import * as path from 'path';

/** File and folder names inside a run folder. */
export const RUN_FILES = {
  config: 'config.json',
  records: 'records.jsonl',
  timings: 'timings.jsonl',
  status: 'status.json',
  lock: 'run.lock',
  checkpoint: 'checkpoint',
} as const;

/** Absolute paths of a run folder's files. */
export interface RunPaths {
  readonly dir: string;
  readonly config: string;
  readonly records: string;
  readonly timings: string;
  readonly status: string;
  readonly lock: string;
  readonly checkpoint: string;
}

/**
 * The paths of the files in run folder `dir`.
 * @example runPaths('/work/main/runs/0123abcd4567ef89').records // '.../records.jsonl'
 */
export function runPaths(dir: string): RunPaths {
  const at = (name: string): string => path.join(dir, name);
  return {
    dir,
    config: at(RUN_FILES.config),
    records: at(RUN_FILES.records),
    timings: at(RUN_FILES.timings),
    status: at(RUN_FILES.status),
    lock: at(RUN_FILES.lock),
    checkpoint: at(RUN_FILES.checkpoint),
  };
}
