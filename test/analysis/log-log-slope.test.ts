/** Log–log slopes against exact power laws. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logLogSlope, lateSlope } from '../../src/analysis/log-log-slope';

test('logLogSlope of y = 3·x^0.5 is 0.5 and of a constant is 0', () => {
  const x = [1, 2, 5, 10, 100];
  assert.ok(Math.abs(logLogSlope(x, x.map((v) => 3 * Math.sqrt(v))) - 0.5) < 1e-12);
  assert.ok(Math.abs(logLogSlope(x, x.map(() => 7))) < 1e-15);
});

test('logLogSlope skips non-positive points and needs two usable ones', () => {
  assert.ok(Math.abs(logLogSlope([0, 1, 4, -1], [5, 1, 16, 2]) - 2) < 1e-12);
  assert.ok(Number.isNaN(logLogSlope([0, 1], [1, 1])));
  assert.ok(Number.isNaN(logLogSlope([2, 2], [1, 3])));
});

test('lateSlope uses only the last half of the steps', () => {
  // λ = 1 for steps < 50 (a plateau), then λ = t for steps ≥ 50: the late slope is 1.
  const records = Array.from({ length: 101 }, (_, t) => ({ step: t, lambda_1: t < 50 ? 1 : t }));
  assert.ok(Math.abs(lateSlope(records, 'lambda_1') - 1) < 1e-12);
  assert.ok(Number.isNaN(lateSlope([], 'lambda_1')));
});
