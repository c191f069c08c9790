/**
 * Regenerates everything the notebooks produce: builds dist/ when stale, then executes
 * notebooks/*.ipynb in reading order with jupyter/run_notebooks.py (tslab kernel), which
 * writes the executed notebooks and HTML reports to reports/ (the committed notebooks stay
 * without outputs) and, through the notebooks, figures/*.svg|png. Runs come from the run store,
 * so a second regeneration only re-plots. Static figures are mandatory here
 * (SHARPNESS_LAB_REQUIRE_FIGURES=1 unless set): a missing Chromium fails the command.
 * Exit code: the runner's (non-zero if any cell failed).
 *
 *   tsx scripts/figures.ts [--scale smoke|default|paper] [--only NAME]... [--all]
 *                          [--timeout SECONDS] [--no-build] [--keep-going]
 *                          [--output-dir DIR] [--report-dir DIR] [--no-report]
 *
 * Default selection: sorted names, skipping template.ipynb, names starting with `_` and
 * `*.failed.ipynb`; `--only` may name any notebook (with or without `.ipynb`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PUBLISHED_SCALE, viz } from '../src';
import type { ScalePreset } from '../src';

const { figuresDirFor, PUBLISH_FIGURES_ENV } = viz;

const ROOT = path.resolve(__dirname, '..');
const NOTEBOOKS = path.join(ROOT, 'notebooks');
const PYTHON = process.env.SHARPNESS_LAB_PYTHON || '/usr/bin/python3'; // pyenv's python3 has no Jupyter

interface Options { scale?: ScalePreset; only: string[]; all: boolean; build: boolean; runner: string[] }

function parseArgs(argv: string[]): Options {
  const o: Options = { only: [], all: false, build: true, runner: [] };
  const value = (i: number) => {
    if (argv[i + 1] === undefined) throw new Error(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--scale') o.scale = value(i++) as ScalePreset; // checked below
    else if (a === '--only') o.only.push(value(i++));
    else if (a === '--all') o.all = true;
    else if (a === '--no-build') o.build = false;
    else if (['--timeout', '--output-dir', '--report-dir'].includes(a)) o.runner.push(a, value(i++));
    else if (['--keep-going', '--no-report', '--no-write'].includes(a)) o.runner.push(a);
    else throw new Error(`unknown argument ${a} (see the header of scripts/figures.ts)`);
  }
  if (o.scale !== undefined && !['smoke', 'default', 'paper'].includes(o.scale)) {
    throw new Error(`--scale must be smoke|default|paper, got ${o.scale}`);
  }
  return o;
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** True when some src/**\/*.ts has no dist/ .js or a newer mtime than it. */
function distStale(): boolean {
  const src = path.join(ROOT, 'src');
  return tsFiles(src).some((file) => {
    const js = path.join(ROOT, 'dist', path.relative(src, file)).replace(/\.ts$/, '.js');
    return !fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(file).mtimeMs;
  });
}

function build(): void {
  if (!distStale()) return console.log('dist/ is up to date');
  console.log('building dist/ (tsc -p tsconfig.json) ...');
  const t0 = Date.now();
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  const r = spawnSync(tsc, ['-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    throw new Error('tsc failed: fix the errors above, or run with --no-build to use the current dist/');
  }
  console.log(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function selectNotebooks(o: Options): string[] {
  const all = fs.readdirSync(NOTEBOOKS).filter((f) => f.endsWith('.ipynb') && !f.endsWith('.failed.ipynb')).sort();
  if (o.only.length > 0) {
    return o.only.map((name) => {
      const file = name.endsWith('.ipynb') ? path.basename(name) : `${name}.ipynb`;
      if (!all.includes(file)) throw new Error(`no notebook ${file} in notebooks/`);
      return file;
    });
  }
  return all.filter((f) => o.all || (f !== 'template.ipynb' && !f.startsWith('_')));
}

/** How many static figures the figures folder holds, and how many changed since `t0` (unchanged ones keep their mtime). */
function figuresWrittenSince(t0: number, scale: ScalePreset): string {
  const dir = figuresDirFor(scale, true);
  if (!fs.existsSync(dir)) return 'no figure files';
  const files = fs.readdirSync(dir).filter((f) => /\.(svg|png)$/.test(f));
  const fresh = files.filter((f) => fs.statSync(path.join(dir, f)).mtimeMs >= t0).length;
  return `${files.length} figure files (${fresh} new or changed)`;
}

function main(): number {
  const t0 = Date.now();
  const o = parseArgs(process.argv.slice(2));
  const notebooks = selectNotebooks(o);
  if (notebooks.length === 0) {
    console.log('no notebooks selected');
    return 0;
  }
  if (o.build) build();
  if (!fs.existsSync(PYTHON)) throw new Error(`${PYTHON} not found (apt-get install jupyter-nbconvert jupyter-client)`);
  // Executed copies go next to the HTML reports unless told otherwise: never into notebooks/.
  const outDir = o.runner.includes('--output-dir') ? [] : ['--output-dir', path.join(ROOT, 'reports')];
  const args = [path.join(ROOT, 'jupyter', 'run_notebooks.py'), ...(o.scale ? ['--scale', o.scale] : []),
    ...outDir, ...o.runner, ...notebooks.map((f) => path.join(NOTEBOOKS, f))];
  // This command is how the published figures are regenerated: at the published scale it writes
  // figures/ itself (the notebooks alone write figures/<scale>/); other scales stay in figures/<scale>/.
  const scale = o.scale ?? PUBLISHED_SCALE;
  const env = {
    ...process.env, SHARPNESS_LAB_REQUIRE_FIGURES: process.env.SHARPNESS_LAB_REQUIRE_FIGURES ?? '1',
    SHARPNESS_LAB_SCALE: scale, ...(scale === PUBLISHED_SCALE ? { [PUBLISH_FIGURES_ENV]: '1' } : {}),
  };
  const r = spawnSync(PYTHON, args, { cwd: ROOT, stdio: 'inherit', env });
  const code = r.status ?? 1;
  console.log(`figures: ${notebooks.length} notebook(s), ${figuresWrittenSince(t0, scale)}, exit ${code}, ` +
    `total wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return code;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`figures: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
}
