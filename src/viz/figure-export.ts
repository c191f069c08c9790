/**
 * Static SVG/PNG rendering of Plotly figures through one long-lived headless Chromium
 * page, hosted by a child process (figure-worker.ts). The first render costs the browser
 * launch + bundle load (seconds); later renders reuse the page (~0.1 s).
 *
 * The child is unref'd while no render is pending, so neither a kernel nor a script is
 * kept alive by it; it exits (closing Chromium) when this process exits.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { projectRoot } from '../util/project-root';
import { plotlyBundlePath } from './plotly-html';
import { RESPONSE_PREFIX } from './figure-protocol';
import type { PlotlyFigure } from './types';

/** Static image formats. */
export type ImageFormat = 'svg' | 'png';

/** Options of {@link renderFigure}. */
export interface RenderOptions {
  /** Width in CSS px (default 800). */
  width?: number;
  /** Height in CSS px (default 500). */
  height?: number;
  /** PNG pixel ratio (default 2). */
  scale?: number;
  /** Formats to produce (default both). */
  formats?: ImageFormat[];
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
}

/** Rendered images; `svg` is raw (not yet id-normalised). */
export interface RenderedFigure {
  svg?: string;
  png?: Buffer;
}

/** Chromium binary: `$SHARPNESS_LAB_CHROMIUM`, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.SHARPNESS_LAB_CHROMIUM || '/usr/bin/chromium';
}

interface Pending { resolve(v: Record<string, unknown>): void; reject(e: Error): void }

let worker: { child: ChildProcess; pending: Map<number, Pending>; stderr: string[] } | undefined;
let nextId = 0;

function setRef(child: ChildProcess, on: boolean): void {
  // The child handle and its pipes each keep the event loop alive while ref'd.
  for (const h of [child, child.stdin, child.stdout, child.stderr] as unknown as { ref?(): void; unref?(): void }[]) {
    if (on) h?.ref?.(); else h?.unref?.();
  }
}

function startWorker(): NonNullable<typeof worker> {
  const ext = path.extname(__filename); // '.ts' when run from src/ through tsx (tests)
  const file = path.join(__dirname, `figure-worker${ext}`);
  const execArgs = ext === '.ts' ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...execArgs, file, chromiumPath(), plotlyBundlePath()], {
    cwd: projectRoot(), stdio: ['pipe', 'pipe', 'pipe'],
  });
  const w = { child: child, pending: new Map<number, Pending>(), stderr: [] as string[] };
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith(RESPONSE_PREFIX)) return;
    const res = JSON.parse(line.slice(RESPONSE_PREFIX.length)) as Record<string, unknown>;
    w.pending.get(res.id as number)?.resolve(res);
  });
  child.stderr!.on('data', (d: Buffer) => {
    w.stderr.push(d.toString()); // keep a tail for error messages
    if (w.stderr.length > 50) w.stderr.shift();
  });
  child.on('exit', (code) => {
    if (worker === w) worker = undefined;
    const tail = w.stderr.join('').split('\n').slice(-15).join('\n');
    for (const p of [...w.pending.values()]) p.reject(new Error(`figure worker exited (${code}): ${tail}`));
  });
  child.on('error', (e) => {
    if (worker === w) worker = undefined;
    for (const p of [...w.pending.values()]) p.reject(e);
  });
  child.stdin!.on('error', () => undefined); // reported through 'exit'
  setRef(child, false);
  return w;
}

/** Sends one request; the worker is ref'd exactly while requests are pending. */
function request(w: NonNullable<typeof worker>, req: { id: number }, timeoutMs: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      clearTimeout(timer);
      w.pending.delete(req.id);
      if (w.pending.size === 0) setRef(w.child, false);
    };
    const timer = setTimeout(() => {
      settle();
      reject(new Error(`figure render timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    w.pending.set(req.id, {
      resolve: (v) => { settle(); resolve(v); },
      reject: (e) => { settle(); reject(e); },
    });
    if (w.pending.size === 1) setRef(w.child, true);
    w.child.stdin!.write(JSON.stringify(req) + '\n');
  });
}

/** Renders a figure to SVG and/or PNG in headless Chromium (throws on failure). */
export async function renderFigure(fig: PlotlyFigure, o: RenderOptions = {}): Promise<RenderedFigure> {
  if (!fs.existsSync(chromiumPath())) throw new Error(`Chromium not found at ${chromiumPath()}`);
  worker ??= startWorker();
  const w = worker;
  const id = ++nextId;
  const req = { id: id, figure: fig, width: o.width ?? 800, height: o.height ?? 500,
    scale: o.scale ?? 2, formats: o.formats ?? ['svg', 'png'] };
  const res = await request(w, req, o.timeoutMs ?? 120_000);
  if (typeof res.error === 'string') throw new Error(`figure render failed: ${res.error}`);
  return {
    svg: res.svg as string | undefined,
    png: typeof res.png === 'string' ? Buffer.from(res.png, 'base64') : undefined,
  };
}

/** Closes the browser and its worker process (optional: it also goes at process exit). */
export async function closeFigureExporter(): Promise<void> {
  const w = worker;
  if (w === undefined) return;
  worker = undefined;
  await new Promise<void>((resolve) => {
    w.child.once('exit', () => resolve());
    w.child.stdin!.end();
  });
}
