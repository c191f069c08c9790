/**
 * Progress output for long cells: one output updated in place inside tslab, a single
 * rewritten stderr line in a terminal, throttled plain lines in logs.
 */
import { tslabApi, type DisplaySink } from './kernel';

/** Handle returned by {@link progressDisplay}. */
export interface ProgressDisplay {
  /** Shows `text` (with a bar when `fraction` in [0, 1] is given); throttled. */
  update(text: string, fraction?: number): void;
  /** Shows the final state (never throttled) and ends the stderr line. */
  done(text?: string): void;
}

/** Options of {@link progressDisplay}. */
export interface ProgressOptions {
  /** Minimum time between two emitted updates (default 200 ms; 2 s for non-TTY logs). */
  minIntervalMs?: number;
  /** Bar width in characters (default 24). */
  barWidth?: number;
  /** Where the output goes; default: tslab's `newDisplay()` in a kernel, else stderr. */
  sink?: DisplaySink | NodeJS.WritableStream;
}

/** `[########----------------]  33%` for a fraction in [0, 1]. */
export function progressBar(fraction: number, width = 24): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const n = Math.round(f * width);
  return `[${'#'.repeat(n)}${'-'.repeat(width - n)}] ${(f * 100).toFixed(0).padStart(3)}%`;
}

function isSink(x: DisplaySink | NodeJS.WritableStream): x is DisplaySink {
  return typeof (x as DisplaySink).text === 'function';
}

/** Builds the line-writer for a stream: `\r`-rewrites on a TTY, newline-separated otherwise. */
function streamWriter(stream: NodeJS.WritableStream): { show(s: string): void; end(): void } {
  const tty = (stream as { isTTY?: boolean }).isTTY === true;
  let width = 0;
  return {
    show(s: string) {
      if (!tty) return void stream.write(s + '\n');
      stream.write('\r' + s.padEnd(width)); // pad to erase a longer previous line
      width = Math.max(width, s.length);
    },
    end() {
      if (tty && width > 0) stream.write('\n');
    },
  };
}

/**
 * A progress display for long-running loops.
 *
 * ```ts
 * const p = progressDisplay();
 * for (let i = 0; i < n; i++) { step(); p.update(`step ${i + 1}/${n}`, (i + 1) / n); }
 * p.done('finished');
 * ```
 * Inside tslab it uses `newDisplay()` so the cell keeps one output, updated in place (only
 * the final state is saved by headless execution); elsewhere it writes to stderr.
 */
export function progressDisplay(options: ProgressOptions = {}): ProgressDisplay {
  const target = options.sink ?? tslabApi()?.newDisplay() ?? process.stderr;
  const sink = isSink(target) ? target : undefined;
  const writer = sink ? undefined : streamWriter(target as NodeJS.WritableStream);
  const tty = !sink && (target as { isTTY?: boolean }).isTTY === true;
  const minInterval = options.minIntervalMs ?? (sink || tty ? 200 : 2000);
  const width = options.barWidth ?? 24;
  let last = -Infinity;
  const render = (text: string, fraction?: number) =>
    fraction === undefined ? text : `${progressBar(fraction, width)} ${text}`;
  const emit = (s: string) => (sink ? sink.text(s) : writer?.show(s));
  let lastText = '';
  return {
    update(text: string, fraction?: number) {
      lastText = render(text, fraction);
      const now = Date.now();
      if (now - last < minInterval) return;
      last = now;
      emit(lastText);
    },
    done(text?: string) {
      emit(text === undefined ? lastText : text);
      writer?.end();
    },
  };
}
