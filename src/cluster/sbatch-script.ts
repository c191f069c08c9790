/**
 * The sbatch array script of a sweep: one task per run, each addressed by its run folder (config
 * hash) only, so no config travels through a command line and a resubmitted task resumes its run
 * from the checkpoint. Each task's output goes to a log next to its run. Pure text: tested as such.
 */

/** One task of the array. */
export interface ArrayTask {
  /** The run folder name (config hash). */
  readonly hash: string;
  /** What the run is, for the script's comment (e.g. "mlp · constant η=0.025 · full batch · seed 0"). */
  readonly label: string;
}

/** What the script needs; every path absolute. */
export interface SbatchScriptOptions {
  readonly jobName: string;
  readonly tasks: readonly ArrayTask[];
  /** The shared runs folder. */
  readonly root: string;
  /** The project checkout the tasks run (bin/sharpness-lab.js, dist/, data/). */
  readonly projectDir: string;
  /** The Node.js executable. */
  readonly node: string;
  /** BLAS threads per task: part of the runs' identity, so fixed by the planner. */
  readonly blasThreads: number;
  readonly cpusPerTask: number;
  readonly partition?: string;
  /** Slurm time limit per task, e.g. "02:00:00". */
  readonly time?: string;
  readonly gpusPerTask?: number;
  /** Where Slurm's own output goes before a task has opened its run's log (a folder). */
  readonly logDir: string;
  /** Comment lines at the top (what the sweep is, how it was made). */
  readonly comment: readonly string[];
}

/**
 * @returns the script's text.
 * @throws when there are no tasks, or an option holds a newline or a quote (it would break the script).
 * @example sbatchScript({ jobName: 'sharpness-lab-smoke', tasks: [{ hash: '0a1b2c3d4e5f6a7b', label: 'mlp …' }], … })
 */
export function sbatchScript(o: SbatchScriptOptions): string {
  if (o.tasks.length === 0) throw new Error('an array job needs at least one run');
  for (const [name, value] of Object.entries({ jobName: o.jobName, root: o.root, projectDir: o.projectDir, node: o.node, partition: o.partition, time: o.time, logDir: o.logDir })) {
    if (value !== undefined && /["'\n\\$`]/.test(value)) throw new Error(`${name} '${value}' holds a quote, '$', '\\' or a newline; the sbatch script cannot carry it`);
  }
  for (const t of o.tasks) if (!/^[0-9a-f]+$/.test(t.hash)) throw new Error(`'${t.hash}' is not a run folder name (hex config hash)`);
  const directives = [
    `--job-name=${o.jobName}`,
    `--array=0-${o.tasks.length - 1}`,
    `--cpus-per-task=${o.cpusPerTask}`,
    ...(o.gpusPerTask !== undefined ? [`--gpus-per-task=${o.gpusPerTask}`] : []),
    ...(o.partition !== undefined ? [`--partition=${o.partition}`] : []),
    ...(o.time !== undefined ? [`--time=${o.time}`] : []),
    `--output=${o.logDir}/%x-%A_%a.out`,
    '--requeue',
    '--signal=B:TERM@60',
  ];
  return [
    '#!/bin/bash',
    ...o.comment.map((line) => `# ${line.replace(/\n/g, ' ')}`),
    ...directives.map((d) => `#SBATCH ${d}`),
    '',
    '# A task is one run, addressed by its folder: config.json there is the run. SIGTERM (time limit,',
    '# preemption; --signal sends it 60 s early) makes the run checkpoint and stop; --requeue and any',
    '# resubmission resume it from that checkpoint.',
    'set -euo pipefail',
    `ROOT='${o.root}'`,
    'HASHES=(',
    ...o.tasks.map((t) => `  ${t.hash}  # ${t.label.replace(/\n/g, ' ')}`),
    ')',
    'RUN="$ROOT/${HASHES[$SLURM_ARRAY_TASK_ID]}"',
    'exec >> "$RUN/slurm-${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}.log" 2>&1',
    'echo "task ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} on $(hostname), restart ${SLURM_RESTART_COUNT:-0}, $(date -Is)"',
    `export SHARPNESS_LAB_BLAS_THREADS=${o.blasThreads}`,
    `cd '${o.projectDir}'`,
    // Not exec: --signal=B: signals only this shell, which passes it on; then waits for the checkpoint.
    `'${o.node}' bin/sharpness-lab.js run --run-dir "$RUN" &`,
    'PID=$!',
    'trap \'kill -TERM $PID 2>/dev/null\' TERM',
    'set +e',
    'wait $PID; CODE=$?',
    'while [ $CODE -gt 128 ] && kill -0 $PID 2>/dev/null; do wait $PID; CODE=$?; done',
    'exit $CODE',
    '',
  ].join('\n');
}
