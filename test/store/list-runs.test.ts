import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { listRuns } from '../../src/store/list-runs';
import { openRun } from '../../src/store/open-run';
import { cleanup, tempDir } from '../checkpoint/helpers';

describe('listRuns', () => {
  let root: string;
  before(() => { root = tempDir(); });
  after(() => cleanup(root));

  it('lists every run with its config and status, sorted by hash', () => {
    const a = openRun({ tuner: 'armijo', seed: 0 }, { root });
    a.finish('finished');
    const b = openRun({ tuner: 'polyak', seed: 0 }, { root });
    b.close();
    fs.mkdirSync(path.join(root, 'not-a-run'));
    const runs = listRuns(root);
    assert.deepEqual(runs.map((r) => r.hash), [a.hash, b.hash].sort());
    const armijo = runs.find((r) => r.config.tuner === 'armijo');
    assert.equal(armijo?.hash, a.hash);
    assert.equal(armijo?.status?.state, 'finished');
    assert.equal(runs.find((r) => r.hash === b.hash)?.status?.state, 'running');
  });

  it('is empty for a root that does not exist', () => {
    assert.deepEqual(listRuns(path.join(root, 'missing')), []);
  });
});
