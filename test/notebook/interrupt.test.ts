import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interruptSignal, withInterrupt } from '../../src/notebook/interrupt';

const count = () => process.listenerCount('SIGINT');

test('the SIGINT listener is registered only after an await', async () => {
  const before = count();
  const pending = interruptSignal();
  assert.equal(count(), before, 'nothing registered synchronously (breakOnSigint trap)');
  const handle = await pending;
  assert.equal(count(), before + 1);
  handle.dispose();
  assert.equal(count(), before);
});

test('a SIGINT aborts the signal with an AbortError and removes the listener', async () => {
  const before = count();
  const handle = await interruptSignal();
  process.emit('SIGINT');
  assert.equal(handle.signal.aborted, true);
  assert.equal((handle.signal.reason as Error).name, 'AbortError');
  assert.equal(count(), before);
  handle.dispose(); // idempotent
  assert.equal(count(), before);
});

test('a real SIGINT delivered to the process stops a cooperative loop', async () => {
  const handle = await interruptSignal();
  let steps = 0;
  setTimeout(() => process.kill(process.pid, 'SIGINT'), 50);
  while (!handle.signal.aborted && steps < 1000) {
    await new Promise((r) => setTimeout(r, 5));
    steps++;
  }
  handle.dispose();
  assert.equal(handle.signal.aborted, true);
  assert.ok(steps < 1000);
});

test('withInterrupt removes its listener also when the body throws', async () => {
  const before = count();
  await assert.rejects(withInterrupt(async () => {
    assert.equal(count(), before + 1);
    throw new Error('boom');
  }), /boom/);
  assert.equal(count(), before);
});
