/**
 * The golden runs' records are pinned per numerics version (test/train/golden-records.json): a
 * change to the kit that alters any record fails here until NUMERICS_VERSION is bumped, which
 * gives every run a new identity, so runs computed by the old code are never read as current.
 * The cpu and wasm paths are pinned everywhere; a BLAS path is pinned per library build and
 * thread count (this CI machine's is), and reported, not asserted, on another build.
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

for (const path of ['cpu', 'wasm', undefined]) {
  test(`the golden runs' records on the ${path ?? 'default'} path are the pinned ones`, (t) => {
    const { key, hashes } = hashesOn(path);
    const pinned = golden[String(NUMERICS_VERSION)]?.[key];
    if (pinned === undefined) {
      assert.ok(path === undefined, `the ${key} path must be pinned`);
      t.diagnostic(`no golden records for ${key} (another BLAS build or thread count); computed: ${JSON.stringify(hashes)}`);
      return;
    }
    const changed = Object.keys({ ...pinned, ...hashes }).filter((name) => pinned[name] !== hashes[name]);
    assert.deepEqual(changed, [], `records of ${changed.join(', ')} on ${key} changed under numerics ${NUMERICS_VERSION}; ${FIX}`);
  });
}
