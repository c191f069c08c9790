import { afterEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { resolveRunsRoot, RUNS_ENV } from '../../src/store/runs-root';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const saved = process.env[RUNS_ENV];

describe('resolveRunsRoot', () => {
  afterEach(() => {
    if (saved === undefined) delete process.env[RUNS_ENV];
    else process.env[RUNS_ENV] = saved;
  });

  it('defaults to <project root>/runs, whatever the cwd', () => {
    delete process.env[RUNS_ENV];
    assert.equal(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).name, 'sharpness-lab');
    const cwd = process.cwd();
    try {
      process.chdir(path.join(PROJECT_ROOT, 'src'));
      assert.equal(resolveRunsRoot(), path.join(PROJECT_ROOT, 'runs'));
    } finally {
      process.chdir(cwd);
    }
  });

  it('uses $SHARPNESS_LAB_RUNS, relative paths taken from the project root', () => {
    process.env[RUNS_ENV] = '/tmp/elsewhere/runs';
    assert.equal(resolveRunsRoot(), '/tmp/elsewhere/runs');
    process.env[RUNS_ENV] = 'scratch/runs';
    assert.equal(resolveRunsRoot(), path.join(PROJECT_ROOT, 'scratch', 'runs'));
  });

  it('an explicit root wins over the environment', () => {
    process.env[RUNS_ENV] = '/tmp/from-env';
    assert.equal(resolveRunsRoot('/tmp/explicit'), '/tmp/explicit');
  });
});
