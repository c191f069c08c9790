/**
 * Child process that renders Plotly figures to SVG/PNG in one headless Chromium page.
 *
 * Why a child process: an open browser connection keeps a Node process alive, so a
 * kernel holding one would not exit on shutdown and scripts would hang. The parent
 * (figure-export.ts) unrefs this process while idle; when the parent exits our stdin
 * closes and we close the browser and exit.
 *
 * Protocol: one JSON request per stdin line `{id, figure, width, height, scale, formats}`;
 * one stdout line per request, prefixed with RESPONSE_PREFIX: `{id, svg?, png?, error?}`
 * (png base64). Anything else on stdout is ignored by the parent.
 */
import * as readline from 'readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, RESPONSE_PREFIX } from './figure-protocol';

interface Request {
  id: number;
  figure: { data: unknown[]; layout?: Record<string, unknown>; config?: Record<string, unknown> };
  width: number;
  height: number;
  scale: number;
  formats: string[];
}

let browser: Browser | undefined;
let pagePromise: Promise<Page> | undefined;

async function openPage(executablePath: string, bundlePath: string): Promise<Page> {
  // playwright gives each launch a fresh temporary --user-data-dir.
  browser = await chromium.launch({ executablePath: executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.setContent('<!doctype html><html><body style="margin:0;background:#fff"><div id="gd"></div></body></html>');
  await page.addScriptTag({ path: bundlePath });
  return page;
}

/** Runs in the browser page: plot, export each format, clean up. */
async function renderInPage(a: Omit<Request, 'id'>): Promise<Record<string, string>> {
  const g = globalThis as any; // no DOM lib in this project's tsconfig
  const gd = g.document.getElementById('gd');
  const layout = { ...(a.figure.layout ?? {}), width: a.width, height: a.height };
  await g.Plotly.newPlot(gd, a.figure.data, layout, { ...(a.figure.config ?? {}), staticPlot: true });
  const out: Record<string, string> = {};
  for (const format of a.formats) {
    out[format] = await g.Plotly.toImage(gd, { format: format, width: a.width, height: a.height,
      scale: format === 'png' ? a.scale : 1 });
  }
  g.Plotly.purge(gd);
  return out;
}

function decode(dataUrl: string): string {
  const comma = dataUrl.indexOf(',');
  const head = dataUrl.slice(0, comma);
  const body = dataUrl.slice(comma + 1);
  return head.endsWith(';base64') ? body : decodeURIComponent(body);
}

async function handle(req: Request, executablePath: string, bundlePath: string): Promise<Record<string, unknown>> {
  pagePromise ??= openPage(executablePath, bundlePath);
  const page = await pagePromise;
  const { id, ...args } = req;
  const images = await page.evaluate(renderInPage, args);
  const res: Record<string, unknown> = { id: id };
  if (images.svg !== undefined) res.svg = decode(images.svg);
  if (images.png !== undefined) res.png = decode(images.png); // stays base64
  return res;
}

function main(): void {
  const [executablePath, bundlePath] = process.argv.slice(2);
  const rl = readline.createInterface({ input: process.stdin });
  let queue: Promise<void> = Promise.resolve();
  rl.on('line', (line) => {
    if (line.trim() === '') return;
    const req = JSON.parse(line) as Request;
    queue = queue.then(async () => {
      const res = await handle(req, executablePath, bundlePath)
        .catch((e: unknown) => ({ id: req.id, error: e instanceof Error ? e.message : String(e) }));
      process.stdout.write(RESPONSE_PREFIX + JSON.stringify(res) + '\n');
    });
  });
  rl.on('close', () => {
    void queue.then(async () => {
      await browser?.close().catch(() => undefined);
      process.exit(0);
    });
  });
}

if (require.main === module) main();
