import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { resolveRunsRoot } from '../../src/store/runs-root';
import { inKernel, tslabApi, displayHtml, setDisplaySink } from '../../src/display/kernel';
import { envNumber, envParam } from '../../src/notebook/params';
import { scaleFromEnv } from '../../src/config/scale-preset';
import { projectRoot } from '../../src/util/project-root';
import { figuresDir } from '../../src/viz/figures-dir';

test('outside a tslab kernel nothing is displayed and tslab is not loaded', () => {
  assert.equal(inKernel(), false);
  assert.equal(tslabApi(), undefined);
  assert.equal(displayHtml('<b>x</b>'), false);
  assert.ok(!Object.keys(require.cache).some((k) => k.includes(`${path.sep}tslab${path.sep}`)));
});

test('a display sink receives display calls', () => {
  const got: string[] = [];
  setDisplaySink({ html: (s) => void got.push(s), svg: () => {}, png: () => {}, text: () => {} });
  try {
    assert.equal(displayHtml('<i>y</i>'), true);
  } finally {
    setDisplaySink(undefined);
  }
  assert.deepEqual(got, ['<i>y</i>']);
});

function withEnv(name: string, value: string | undefined, fn: () => void): void {
  const old = process.env[name];
  if (value === undefined) delete process.env[name]; else process.env[name] = value;
  try { fn(); } finally { if (old === undefined) delete process.env[name]; else process.env[name] = old; }
}

test('the scale preset comes from SHARPNESS_LAB_SCALE and is validated', () => {
  withEnv('SHARPNESS_LAB_SCALE', undefined, () => assert.equal(scaleFromEnv(), 'default'));
  withEnv('SHARPNESS_LAB_SCALE', 'smoke', () => assert.equal(scaleFromEnv(), 'smoke'));
  withEnv('SHARPNESS_LAB_SCALE', 'huge', () => assert.throws(() => scaleFromEnv(), /smoke\|default\|paper/));
});

test('numeric and string parameters fall back to defaults', () => {
  withEnv('SL_TEST_N', '0.5', () => assert.equal(envNumber('SL_TEST_N', 1), 0.5));
  withEnv('SL_TEST_N', undefined, () => assert.equal(envNumber('SL_TEST_N', 1), 1));
  withEnv('SL_TEST_N', 'abc', () => assert.throws(() => envNumber('SL_TEST_N', 1)));
  withEnv('SL_TEST_S', '', () => assert.equal(envParam('SL_TEST_S', 'x'), 'x'));
});

test('the project root and figures dir are found from any cwd', () => {
  const root = projectRoot();
  assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name, 'sharpness-lab');
  const cwd = process.cwd();
  process.chdir(path.join(root, 'src'));
  try {
    withEnv('SHARPNESS_LAB_SCALE', undefined, () => withEnv('SHARPNESS_LAB_PUBLISH_FIGURES', undefined,
      () => assert.equal(figuresDir(), path.join(root, 'figures', 'default'))));
  } finally {
    process.chdir(cwd);
  }
  withEnv('SHARPNESS_LAB_FIGURES_DIR', '/tmp/x-figs', () => assert.equal(figuresDir(), '/tmp/x-figs'));
});

test('only npm run figures at the published scale writes the committed figures/; exploring writes figures/<scale>/', () => {
  const root = projectRoot();
  withEnv('SHARPNESS_LAB_FIGURES_DIR', undefined, () => {
    withEnv('SHARPNESS_LAB_PUBLISH_FIGURES', '1', () => {
      withEnv('SHARPNESS_LAB_SCALE', 'default', () => assert.equal(figuresDir(), path.join(root, 'figures')));
      withEnv('SHARPNESS_LAB_SCALE', 'smoke', () => assert.equal(figuresDir(), path.join(root, 'figures', 'smoke')));
    });
    withEnv('SHARPNESS_LAB_PUBLISH_FIGURES', undefined, () => {
      withEnv('SHARPNESS_LAB_SCALE', 'smoke', () => assert.equal(figuresDir(), path.join(root, 'figures', 'smoke')));
      withEnv('SHARPNESS_LAB_SCALE', 'paper', () => assert.equal(figuresDir(), path.join(root, 'figures', 'paper')));
    });
  });
});

test('runs of the published scale go to runs/, of the others to the git-ignored scratch/runs/<scale>/', () => {
  const root = projectRoot();
  withEnv('SHARPNESS_LAB_RUNS', undefined, () => {
    withEnv('SHARPNESS_LAB_SCALE', undefined, () => assert.equal(resolveRunsRoot(), path.join(root, 'runs')));
    withEnv('SHARPNESS_LAB_SCALE', 'default', () => assert.equal(resolveRunsRoot(), path.join(root, 'runs')));
    withEnv('SHARPNESS_LAB_SCALE', 'smoke', () => assert.equal(resolveRunsRoot(), path.join(root, 'scratch', 'runs', 'smoke')));
    withEnv('SHARPNESS_LAB_SCALE', 'smoke', () => assert.equal(resolveRunsRoot('/tmp/mine'), '/tmp/mine'));
  });
  for (const file of ['scratch/runs/smoke/x/records.jsonl', 'figures/smoke/a.svg', 'figures/default/a.svg']) {
    assert.equal(spawnSync('git', ['check-ignore', '-q', file], { cwd: root }).status, 0, `${file} must be git-ignored`);
  }
  assert.equal(spawnSync('git', ['check-ignore', '-q', 'figures/01-edge-of-stability-eta-lambda.svg'], { cwd: root }).status, 1, 'the published figures must not be ignored');
});
