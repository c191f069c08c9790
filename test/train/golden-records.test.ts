/**
 * The golden runs' records are pinned per numerics version (test/train/golden-records.json): a
 * change to the kit that alters any record fails here until NUMERICS_VERSION is bumped, which
 * gives every run a new identity, so runs computed by the old code are never read as current.
 * The cpu and wasm paths are pinned everywhere; a BLAS path is pinned per library build, thread
 * count and oneDNN build (this CI machine's are, with and without oneDNN), and reported, not
 * asserted, on another build.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import { GOLDEN_FILE, hashesOn } from '../../scripts/golden';
import { NUMERICS_VERSION } from '../../src/numerics-version';

const golden = JSON.parse(fs.readFileSync(GOLDEN_FILE, 'utf8')) as Record<string, Record<string, Record<string, string>>>;
const FIX = `if the change is meant to alter the numbers, bump NUMERICS_VERSION in src/numerics-version.ts and run \`npm run golden -- --write\``;

test('the golden records are pinned for the current numerics version', () => {
  assert.ok(golden[String(NUMERICS_VERSION)], `golden-records.json has no entry for numerics ${NUMERICS_VERSION}: run \`npm run golden -- --write\``);
});

for (const [path, dnnl] of [['cpu'], ['wasm'], [undefined], ['wasm+blas', 'off']] as const) {
  test(`the golden runs' records on the ${path ?? 'default'} path${dnnl ? ' without oneDNN' : ''} are the pinned ones`, (t) => {
    let computed: ReturnType<typeof hashesOn>;
    try {
      computed = hashesOn(path, dnnl);
    } catch (err) {
      // Only the forced BLAS path may be missing (no OpenBLAS here); under CI it must run.
      if (path !== 'wasm+blas' || process.env.CI) throw err;
      t.skip(`wasm+blas cannot start here: ${(err as Error).message}`);
      return;
    }
    const { key, hashes } = computed;
    const pinned = golden[String(NUMERICS_VERSION)]?.[key];
    if (pinned === undefined) {
      assert.ok(path !== 'cpu' && path !== 'wasm', `the ${key} path must be pinned`);
      t.diagnostic(`no golden records for ${key} (another BLAS build or thread count); computed: ${JSON.stringify(hashes)}`);
      return;
    }
    const changed = Object.keys({ ...pinned, ...hashes }).filter((name) => pinned[name] !== hashes[name]);
    assert.deepEqual(changed, [], `records of ${changed.join(', ')} on ${key} changed under numerics ${NUMERICS_VERSION}; ${FIX}`);
  });
}
