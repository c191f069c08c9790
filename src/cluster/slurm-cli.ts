/**
 * The Slurm commands a sweep needs: sbatch to submit, squeue for the live tasks, sacct (or, where
 * accounting is off, scontrol) for how the ended ones ended. Each failure is one line naming the
 * command and what it printed.
 */
import { spawnSync } from 'child_process';

/** A task as the queue or the accounting reports it. */
export interface TaskState {
  /** The array index. */
  readonly index: number;
  /** Slurm's state: PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, PREEMPTED, CANCELLED, … */
  readonly state: string;
  /** The reason (pending) or exit code (ended), as Slurm prints it. */
  readonly detail: string;
}

function slurm(command: string, args: readonly string[], input?: string): { ok: boolean; out: string; err: string } {
  const r = spawnSync(command, args, { encoding: 'utf8', input });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${command}: not found; install Slurm's client (Debian: slurm-client) or run where Slurm is` : `${command}: ${r.error.message}`);
  }
  return { ok: r.status === 0, out: r.stdout, err: r.stderr.trim() };
}

/**
 * Submits a batch script (given as text, so what is submitted is exactly what was written).
 * @returns the job id.
 * @example submitBatch(script) // '1234'
 */
export function submitBatch(script: string, extraArgs: readonly string[] = []): string {
  const r = slurm('sbatch', ['--parsable', ...extraArgs], script);
  if (!r.ok) throw new Error(`sbatch refused the job: ${r.err || r.out.trim()}`);
  const id = r.out.trim().split(';')[0];
  if (!/^\d+$/.test(id)) throw new Error(`sbatch printed '${r.out.trim()}', not a job id`);
  return id;
}

/**
 * The job's tasks still in the queue (pending, running, requeued), one per array index.
 * @throws when squeue fails (the controller is down): a sweep must not be taken for done.
 */
export function queuedTasks(jobId: string): TaskState[] {
  const r = slurm('squeue', ['--noheader', '--array', '--jobs', jobId, '--format=%K|%T|%r']);
  if (!r.ok) {
    if (/Invalid job id/i.test(r.err)) return []; // the job has left the queue
    throw new Error(`squeue failed: ${r.err}`);
  }
  return parseRows(r.out, 3).map(([index, state, detail]) => ({ index: Number(index), state, detail }));
}

/**
 * Ids of this user's queued or running jobs named `name`.
 * @example activeJobs('sharpness-lab-smoke-first-1a2b3c4d') // ['1234']
 */
export function activeJobs(name: string): string[] {
  const r = slurm('squeue', ['--noheader', '--me', `--name=${name}`, '--format=%A']);
  if (!r.ok) throw new Error(`squeue failed: ${r.err}`);
  return [...new Set(r.out.split('\n').map((l) => l.trim()).filter(Boolean))];
}

/**
 * How the job's tasks ended: sacct where accounting runs, else scontrol (which keeps ended jobs for
 * MinJobAge, 5 min by default); empty when neither knows the job any more.
 */
export function endedTasks(jobId: string): TaskState[] {
  const acct = slurm('sacct', ['--noheader', '--parsable2', '--allocations', '--jobs', jobId, '--format=JobID,State,ExitCode']);
  if (acct.ok) {
    return parseRows(acct.out, 3)
      .map(([id, state, exit]) => ({ index: Number(id.split('_')[1]), state: state.split(' ')[0], detail: `exit ${exit}` }))
      .filter((t) => Number.isInteger(t.index));
  }
  const ctl = slurm('scontrol', ['--oneliner', 'show', 'job', jobId]);
  if (!ctl.ok) return [];
  return ctl.out.split('\n').filter((l) => l.includes('ArrayTaskId=')).map((line) => {
    const field = (k: string) => new RegExp(`\\b${k}=(\\S+)`).exec(line)?.[1] ?? '';
    return { index: Number(field('ArrayTaskId')), state: field('JobState'), detail: `exit ${field('ExitCode')}` };
  }).filter((t) => Number.isInteger(t.index));
}

function parseRows(text: string, columns: number): string[][] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.split('|')).filter((r) => r.length === columns);
}
