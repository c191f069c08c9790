/**
 * A one-line download progress bar for stderr: bytes, percentage and rate. On a terminal it
 * redraws in place (at most every 100 ms); elsewhere (CI logs, tests) it prints a line per 10%.
 */

/** Receives byte counts as a transfer goes. */
export interface ProgressBar {
  /** Reports the total bytes received so far. */
  update(bytes: number): void;
  /** Prints the final line. */
  done(): void;
}

/** The subset of a writable stream the bar needs (process.stderr, or a test's collector). */
export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * A progress bar writing to `sink`.
 * @param sink where to draw (e.g. process.stderr); null draws nothing.
 * @param label what is transferred, e.g. the file name.
 * @param totalBytes expected size (Content-Length), or undefined when unknown (no % then).
 * @param now clock in ms (tests pass a fake one); default Date.now.
 * @returns the bar.
 * @example const bar = createProgressBar(process.stderr, 'cifar.tar.gz', 170e6); bar.update(1e6); bar.done();
 */
export function createProgressBar(
  sink: ProgressSink | null, label: string, totalBytes: number | undefined, now: () => number = Date.now,
): ProgressBar {
  if (sink === null) return { update: () => undefined, done: () => undefined };
  const start = now();
  let lastDraw = -Infinity;
  let lastDecile = -1;
  let received = 0;
  const line = (): string => formatProgress(label, received, totalBytes, (now() - start) / 1000);
  return {
    update(bytes) {
      received = bytes;
      if (sink.isTTY) {
        if (now() - lastDraw >= 100) { sink.write(`\r${line()}`); lastDraw = now(); }
        return;
      }
      const decile = totalBytes ? Math.floor((10 * bytes) / totalBytes) : Math.floor(bytes / 50e6);
      if (decile > lastDecile) { sink.write(`${line()}\n`); lastDecile = decile; }
    },
    done() {
      sink.write(sink.isTTY ? `\r${line()}\n` : `${line()} done\n`);
    },
  };
}

/**
 * One progress line.
 * @param label what is transferred.
 * @param bytes received so far.
 * @param total expected bytes, if known.
 * @param seconds elapsed time.
 * @returns e.g. `cifar.tar.gz [##########..........]  50.0%  85.0/170.0 MB  12.3 MB/s`.
 * @example formatProgress('f', 5e6, 1e7, 1) // 'f [##########..........]  50.0%  5.0/10.0 MB  5.0 MB/s'
 */
export function formatProgress(label: string, bytes: number, total: number | undefined, seconds: number): string {
  const rate = seconds > 0 ? `${mb(bytes / seconds)} MB/s` : '— MB/s';
  if (!total) return `${label}  ${mb(bytes)} MB  ${rate}`;
  const fraction = Math.min(1, bytes / total);
  const filled = Math.round(fraction * 20);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}]`;
  return `${label} ${bar} ${(100 * fraction).toFixed(1).padStart(5)}%  ${mb(bytes)}/${mb(total)} MB  ${rate}`;
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
