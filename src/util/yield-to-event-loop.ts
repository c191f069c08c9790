/**
 * Gives the event loop a turn (a macrotask, not a microtask). Awaiting already-settled promises
 * never does, so a training loop of synchronous TF.js work would never see a SIGINT listener fire:
 * Ctrl-C and the kernel's interrupt button would do nothing until the run ended. Costs ~10 µs.
 * @example for (...) { await yieldToEventLoop(); if (signal.aborted) break; step(); }
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
