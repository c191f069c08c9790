/**
 * Detecting the tslab kernel and reaching its display API without a static import.
 *
 * src/ must work outside a kernel (tests, scripts), so `tslab` is required lazily and only
 * once we know we run inside it: requiring it elsewhere would load its bundled TypeScript
 * compiler (slow) for nothing.
 */
import * as path from 'path';

/** The part of tslab's `Display` interface this kit uses (typed locally on purpose). */
export interface DisplaySink {
  /** Emits a text/html output. */
  html(s: string): void;
  /** Emits an image/svg+xml output. */
  svg(s: string): void;
  /** Emits an image/png output. */
  png(b: Uint8Array): void;
  /** Emits a text/plain output. */
  text(s: string): void;
  /** Emits ONE output carrying several MIME types (the front end shows the richest it can render). */
  bundle?(data: Readonly<Record<string, unknown>>): void;
}

/** The part of the `tslab` module this kit uses. */
export interface TslabApi {
  /** Appends a new output to the current cell. */
  display: DisplaySink;
  /** A handle whose calls replace one output in place (update_display_data). */
  newDisplay(): DisplaySink;
}

const JUPYTER_MODULE = path.join('tslab', 'dist', 'jupyter.js');
let overrideSink: DisplaySink | undefined;

/**
 * True when running inside a tslab kernel cell. tslab's own `jupyter.js` is then already
 * loaded and has a `lastWriteDisplayData` writer (set when the first cell executes).
 */
export function inKernel(): boolean {
  return kernelModule()?.lastWriteDisplayData != null;
}

/** The tslab module when inside a kernel, else `undefined` (never throws). */
export function tslabApi(): TslabApi | undefined {
  if (!inKernel()) return undefined;
  try {
    // Lazy and guarded: src/ must not depend on tslab statically.
    return require('tslab') as TslabApi;
  } catch {
    return undefined;
  }
}

/**
 * Redirects all display calls to `sink` (tests, custom front ends); `undefined` restores
 * the default (tslab inside a kernel, nothing elsewhere).
 */
export function setDisplaySink(sink: DisplaySink | undefined): void {
  overrideSink = sink;
}

/** The sink display helpers write to, or `undefined` when there is nowhere to display. */
export function displaySink(): DisplaySink | undefined {
  if (overrideSink) return overrideSink;
  const display = tslabApi()?.display;
  if (display === undefined) return undefined;
  // tslab's display API sends one MIME type per output; its display-data writer takes a whole bundle.
  const write = kernelModule()?.lastWriteDisplayData as ((content: object, update: boolean) => void) | null | undefined;
  const bundle = write ? (data: Readonly<Record<string, unknown>>) => write({ data, metadata: {}, transient: {} }, false) : undefined;
  return {
    html: (h) => display.html(h), svg: (v) => display.svg(v), png: (b) => display.png(b), text: (t) => display.text(t), bundle,
  };
}

/** tslab's already-loaded jupyter.js module (inside a kernel), else undefined. */
function kernelModule(): Record<string, unknown> | undefined {
  const key = Object.keys(require.cache).find((k) => k.endsWith(JUPYTER_MODULE));
  return key === undefined ? undefined : (require.cache[key]?.exports as Record<string, unknown> | undefined);
}

/**
 * Displays one output with several MIME types (e.g. text/html beside Plotly's own JSON) where the
 * sink can, else its text/html part alone; returns false when not in a kernel (no-op).
 */
export function displayBundle(data: Readonly<Record<string, unknown>> & { 'text/html': string }): boolean {
  const sink = displaySink();
  if (sink === undefined) return false;
  if (sink.bundle) sink.bundle(data);
  else sink.html(data['text/html']);
  return true;
}

/** Displays HTML in the current cell; returns false when not in a kernel (no-op). */
export function displayHtml(html: string): boolean {
  const sink = displaySink();
  if (sink === undefined) return false;
  sink.html(html);
  return true;
}
