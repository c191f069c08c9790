/**
 * Ctrl-C and SIGTERM as a clean stop for the command-line tools: the first one aborts a signal
 * (the training loop stops after its step, with a checkpoint and status `aborted`) and says so; a
 * second Ctrl-C kills, as usual; repeated SIGTERMs (Slurm signals a task's shell and its processes)
 * are ignored.
 */

/** The abort signal and how to let go of the handlers. */
export interface SignalStop {
  readonly signal: AbortSignal;
  release(): void;
}

/**
 * @param what what happens now, for the message ("interrupt: <what> (press Ctrl-C again to kill)").
 * @example const stop = stopOnSignals('stopping after this step, with a checkpoint'); try { await runExperiment(c, { signal: stop.signal }); } finally { stop.release(); }
 */
export function stopOnSignals(what: string): SignalStop {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    console.error(`\n${signal === 'SIGINT' ? 'interrupt' : signal}: ${what} (press Ctrl-C again to kill)`);
    process.off('SIGINT', onSignal);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
