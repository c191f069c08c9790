/** Scale-out: sweeps as Slurm array jobs over a shared run store. */
export { sbatchScript } from './sbatch-script';
export type { ArrayTask, SbatchScriptOptions } from './sbatch-script';
export { submitBatch, queuedTasks, endedTasks, activeJobs } from './slurm-cli';
export type { TaskState } from './slurm-cli';
export { planSweep, unfinished, waitForSweep } from './slurm-sweep';
export type { SweepRun, WaitOptions } from './slurm-sweep';
