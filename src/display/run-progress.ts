/**
 * Shows a run's progress wherever it runs (a notebook output updated in place, a terminal line,
 * throttled log lines) by adapting the loop's progress events to `progressDisplay`.
 */
import { progressDisplay, ProgressDisplay } from './progress';
import type { LoopProgress } from '../train/train-loop';

/** One-line summary of a loop progress event. */
export function formatRunProgress(label: string, p: LoopProgress): string {
  const parts = [`${label} step ${p.step}/${p.steps}`, `loss ${p.loss.toExponential(3)}`];
  if (p.stepSize !== null) parts.push(`η ${p.stepSize.toPrecision(3)}`);
  if (p.lambda1 !== null) parts.push(`λ1 ${p.lambda1.toPrecision(4)}`);
  return parts.join('  ');
}

/**
 * A progress callback for `runExperiment` plus a `done` to close the display.
 * @example const progress = runProgress('mlp/armijo'); await runExperiment(cfg, { onProgress: progress.onProgress }); progress.done();
 */
export function runProgress(label: string, display: ProgressDisplay = progressDisplay()) {
  let last: LoopProgress | undefined;
  let lambda1: number | null = null; // measured every few steps: show the latest
  return {
    onProgress(event: LoopProgress): void {
      lambda1 = event.lambda1 ?? lambda1;
      const p = { ...event, lambda1 };
      last = p;
      display.update(formatRunProgress(label, p), p.steps > 0 ? p.step / p.steps : 1);
    },
    done(status?: string): void {
      display.done(last ? `${formatRunProgress(label, last)}${status ? `  (${status})` : ''}` : `${label} ${status ?? ''}`);
    },
  };
}
