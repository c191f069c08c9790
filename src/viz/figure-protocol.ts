/**
 * Constants shared by the figure worker and its parent. Kept apart from
 * figure-worker.ts so the parent (e.g. a kernel) never loads playwright-core itself.
 */

/** Marks protocol lines on the worker's stdout. */
export const RESPONSE_PREFIX = '@@sharpness-lab-figure ';

/** Chromium flags for a quiet, offline, sandbox-less headless run. */
export const CHROMIUM_ARGS: readonly string[] = ['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update', '--no-first-run',
  '--disable-quic', '--disable-sync'];
