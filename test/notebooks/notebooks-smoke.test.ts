/**
 * Every notebook (the numbered ones and template.ipynb) runs at smoke scale through the headless
 * runner, in ONE runner invocation, and every `viz.showFigure` writes its SVG and PNG. Outputs
 * (executed notebooks, reports, runs, figures) go to a temporary folder under <project>/tmp/, so
 * the committed notebooks, figures/ and runs/ are untouched. About 2–3 minutes on 2 cores.
 * Skips with a message without Jupyter or CIFAR-10 (CI sets CIFAR10_DIR).
 */
import { skipUnlessCi } from '../helpers/skip-unless-ci';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../src/util/project-root';
import { resolveCifar10Dir } from '../../src/data/cifar10-dir';
import { chromiumPath } from '../../src/viz/figure-export';

const ROOT = projectRoot();
const NOTEBOOKS = path.join(ROOT, 'notebooks');

function cifarMissing(): string | false {
  try {
    const { dir } = resolveCifar10Dir();
    return fs.existsSync(path.join(dir, 'data_batch_1.bin')) ? false : `no data_batch_1.bin in ${dir}`;
  } catch (e) {
    return (e as Error).message;
  }
}

const skip = !fs.existsSync('/usr/bin/jupyter') ? 'Jupyter not installed (apt-get install jupyter-nbconvert jupyter-client)'
  : process.env.SHARPNESS_LAB_SKIP_JUPYTER_TESTS === '1' ? 'SHARPNESS_LAB_SKIP_JUPYTER_TESTS=1'
    : cifarMissing() ? `CIFAR-10 not available (${cifarMissing()}); set CIFAR10_DIR` : false;

fs.mkdirSync(path.join(ROOT, 'tmp'), { recursive: true });
const work = fs.mkdtempSync(path.join(ROOT, 'tmp', 'nb-smoke-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

/** The figure names a notebook saves (`viz.showFigure(..., { name: "..." })`). */
function figureNames(file: string): string[] {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: string[] | string }[] };
  const src = nb.cells.filter((c) => c.cell_type === 'code').map((c) => [c.source].flat().join('')).join('\n');
  return [...src.matchAll(/showFigure\([\s\S]*?\{ name: "([^"]+)" \}\)/g)].map((m) => m[1]);
}

test('what these tests need is installed (under CI it must be)', (t) => {
  if (skip) return skipUnlessCi(t, skip);
});

test('all notebooks run at smoke scale and write one SVG + PNG per figure', { skip, timeout: 20 * 60_000 }, (t) => {
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'experiments', 'index.js')), 'dist/ is missing: run `npm run build` first');
  const notebooks = fs.readdirSync(NOTEBOOKS).filter((f) => /^\d\d-.*\.ipynb$/.test(f) || f === 'template.ipynb').sort();
  assert.ok(notebooks.length >= 9, `expected 00–07 and template, found ${notebooks.join(', ')}`);
  const withChromium = fs.existsSync(chromiumPath());
  // The default places, as a user stepping through the notebooks gets them: smoke-scale runs and
  // figures must land in git-ignored scratch/runs/smoke/ and figures/smoke/, never in the evidence.
  const env: NodeJS.ProcessEnv = { ...process.env, SHARPNESS_LAB_REQUIRE_FIGURES: withChromium ? '1' : '0' };
  delete env.SHARPNESS_LAB_RUNS;
  delete env.SHARPNESS_LAB_FIGURES_DIR;
  delete env.SHARPNESS_LAB_PUBLISH_FIGURES;
  // Where a notebook could write: the evidence (runs/, figures/) and the notebooks themselves.
  const gitStatus = () => spawnSync('git', ['status', '--porcelain', '--untracked-files=all', '--', 'runs', 'figures', 'notebooks'], { cwd: ROOT, encoding: 'utf8' }).stdout;
  const before = gitStatus();
  const t0 = Date.now();
  const r = spawnSync('/usr/bin/python3', [
    path.join(ROOT, 'jupyter', 'run_notebooks.py'), '--scale', 'smoke', '--timeout', '600',
    '--output-dir', path.join(work, 'out'), '--report-dir', path.join(work, 'reports'),
    ...notebooks.map((f) => path.join(NOTEBOOKS, f)),
  ], { cwd: ROOT, env, encoding: 'utf8', timeout: 19 * 60_000 });
  t.diagnostic(`${notebooks.length} notebooks in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const log = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, `runner failed:\n${log.split('\n').filter((l) => !/^\s+at /.test(l)).slice(-60).join('\n')}`);
  assert.equal(gitStatus(), before, 'stepping through the notebooks at smoke scale changed what git sees (runs/ or figures/ written?)');
  for (const f of notebooks) {
    assert.ok(fs.existsSync(path.join(work, 'out', f)), `executed copy of ${f}`);
    assert.ok(fs.existsSync(path.join(work, 'reports', f.replace('.ipynb', '.html'))), `report of ${f}`);
  }
  if (!withChromium) return t.diagnostic(`no Chromium at ${chromiumPath()}: static figures not checked`);
  const names = notebooks.flatMap((f) => figureNames(path.join(NOTEBOOKS, f)));
  assert.ok(names.length >= 25, `found only ${names.length} showFigure calls`);
  for (const name of names) {
    for (const ext of ['svg', 'png']) {
      const file = path.join(ROOT, 'figures', 'smoke', `${name}.${ext}`);
      assert.ok(fs.existsSync(file), `figures/smoke/${name}.${ext}`);
    }
  }
});
