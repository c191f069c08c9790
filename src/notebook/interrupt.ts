/**
 * Cooperative cancellation on kernel interrupt (SIGINT).
 *
 * tslab's interrupt only stops *waiting* for an awaited cell: the promise chain (e.g. a
 * training loop) keeps running in the background. Code that should stop must check an
 * AbortSignal. Two traps, both handled here:
 *  - a SIGINT listener added synchronously inside a cell (while Node's vm runs the cell
 *    with `breakOnSigint`) makes the next interrupt kill the kernel, so the listener is
 *    only registered after an `await`;
 *  - a forgotten listener would swallow later interrupts/Ctrl-C, so it is removed by
 *    `dispose()` (or after it fired once).
 *
 * Usage in a notebook cell:
 * ```ts
 * const stop = await interruptSignal();
 * try {
 *   for (let step = 0; step < steps && !stop.signal.aborted; step++) {
 *     await trainStep();            // must yield (await) so the signal can fire
 *   }
 * } finally {
 *   stop.dispose();
 * }
 * ```
 * or `await withInterrupt(async (signal) => train({ signal: signal }))`.
 */

/** Handle returned by {@link interruptSignal}. */
export interface InterruptHandle {
  /** Aborts (reason: an Error named 'AbortError') when SIGINT arrives. */
  readonly signal: AbortSignal;
  /** Removes the SIGINT listener; idempotent. Always call it (e.g. in `finally`). */
  dispose(): void;
}

/** Returns after the current synchronous vm run ended (see the module comment). */
function leaveSyncRun(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** An AbortSignal that aborts on the next SIGINT (kernel interrupt or Ctrl-C). */
export async function interruptSignal(): Promise<InterruptHandle> {
  await leaveSyncRun();
  const controller = new AbortController();
  let active = true;
  const dispose = () => {
    if (!active) return;
    active = false;
    process.removeListener('SIGINT', onSigint);
  };
  const onSigint = () => {
    const reason = new Error('interrupted (SIGINT)');
    reason.name = 'AbortError';
    controller.abort(reason);
    dispose();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: dispose };
}

/**
 * Runs `fn` with an interrupt signal and always removes the listener afterwards.
 * `fn` should check `signal.aborted` (or call `signal.throwIfAborted()`) between steps.
 */
export async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const handle = await interruptSignal();
  try {
    return await fn(handle.signal);
  } finally {
    handle.dispose();
  }
}
