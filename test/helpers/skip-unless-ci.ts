import assert from 'node:assert/strict';

/**
 * Skips a test with the reason, except under CI (`CI=true`), where what it needs must be there
 * (`.ci/run` installs it): a skip there would hide a missing install step, so it fails.
 * @example if (why) return skipUnlessCi(t, why);
 */
export function skipUnlessCi(t: { skip: (message: string) => void }, reason: string): void {
  assert.ok(!process.env.CI, `cannot run under CI: ${reason}`);
  t.skip(reason);
}
