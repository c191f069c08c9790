/** The same experiments on another CIFAR-10 subset (npm run reproduce/claims -- --subset balanced:SEED). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onSubset, parseSubsetChoice, subsetArg, subsetName } from '../../src/experiments/subset-variant';
import { claimRuns } from '../../src/experiments/figure-runs';
import { experimentScale } from '../../src/experiments/scale';
import { resolveRunConfig } from '../../src/train/run-config';

test('--subset parses first and balanced:SEED, and names them; anything else is refused with the accepted forms', () => {
  assert.deepEqual(parseSubsetChoice('first'), { rule: 'first' });
  assert.deepEqual(parseSubsetChoice('balanced:7'), { rule: 'balanced', seed: 7 });
  assert.equal(subsetName(parseSubsetChoice('balanced:7')), 'balanced-7');
  for (const text of ['first', 'balanced:7']) assert.equal(subsetArg(parseSubsetChoice(text)), text, 'the shard processes get the same choice back');
  assert.throws(() => parseSubsetChoice('balanced'), /'first' or 'balanced:SEED'/);
});

test('every claim run moves to a class-balanced draw of n rounded down to a multiple of 10, and still validates', () => {
  const runs = claimRuns(experimentScale('default'));
  const moved = runs.map((c) => onSubset(c, { rule: 'balanced', seed: 1 }));
  for (const [i, c] of moved.entries()) {
    const before = runs[i].data;
    if (c.data.source !== 'cifar10' || before.source !== 'cifar10') continue;
    assert.equal(c.data.subset, 'balanced');
    assert.equal(c.data.subsetSeed, 1);
    assert.equal(c.data.n, Math.floor(before.n / 10) * 10);
    resolveRunConfig(c); // batch sizes still fit the smaller n
  }
  assert.deepEqual(runs.map((c) => onSubset(c, { rule: 'first' })), runs, "'first' leaves the configs alone");
});
