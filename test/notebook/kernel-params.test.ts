import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inKernel, tslabApi, displayHtml, setDisplaySink } from '../../src/notebook/kernel';
import { notebookScale, envNumber, envParam } from '../../src/notebook/params';
import { projectRoot, figuresDir } from '../../src/notebook/paths';

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
  withEnv('SHARPNESS_LAB_SCALE', undefined, () => assert.equal(notebookScale(), 'default'));
  withEnv('SHARPNESS_LAB_SCALE', 'smoke', () => assert.equal(notebookScale(), 'smoke'));
  withEnv('SHARPNESS_LAB_SCALE', 'huge', () => assert.throws(() => notebookScale(), /smoke\|default\|paper/));
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
    assert.equal(figuresDir(), path.join(root, 'figures'));
  } finally {
    process.chdir(cwd);
  }
  withEnv('SHARPNESS_LAB_FIGURES_DIR', '/tmp/x-figs', () => assert.equal(figuresDir(), '/tmp/x-figs'));
});
