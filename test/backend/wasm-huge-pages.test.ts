import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select-backend';
import { transparentHugePageMode, wasmHugePages } from '../../src/backend/wasm-huge-pages';

// The wasm heap is advised MADV_HUGEPAGE at start (src/backend/wasm-huge-pages.ts): the kernel
// marks such mappings `hg` in /proc/self/smaps, including the pages the heap grows into later.

before(async () => { await initBackend(); });

/** VmFlags of the mapping of this process that contains `address`, from /proc/self/smaps. */
function vmFlagsAt(address: bigint): string[] | undefined {
  let inside = false;
  for (const line of fs.readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const range = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
    if (range) inside = BigInt(`0x${range[1]}`) <= address && address < BigInt(`0x${range[2]}`);
    else if (inside && line.startsWith('VmFlags:')) return line.slice('VmFlags:'.length).trim().split(/\s+/);
  }
  return undefined;
}

test('the wasm heap, and memory it grows into, is advised huge pages where Linux has them', () => {
  if (tf.getBackend() !== 'wasm') {
    assert.equal(wasmHugePages(), undefined, 'nothing is advised off the wasm backend');
    return;
  }
  const result = wasmHugePages();
  assert.ok(result, 'initBackend advised the heap');
  const mode = transparentHugePageMode();
  if (os.platform() !== 'linux' || mode === undefined || mode === 'never') {
    assert.equal(result.advised, false);
    assert.match(result.note ?? '', /Linux only|never|not available/);
    return;
  }
  assert.equal(result.advised, true, result.note);
  assert.ok(result.base !== undefined && vmFlagsAt(result.base)?.includes('hg'), 'the heap mapping carries the hg flag');
  const wasm = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm;
  const before = wasm.HEAPU8.byteLength;
  const big = tf.fill([before / 4 + (16 << 20)], 1.5); // more than the heap holds: it grows
  const after = wasm.HEAPU8.byteLength;
  assert.ok(after > before, `the heap grew (${before} → ${after} bytes)`);
  assert.ok(vmFlagsAt(result.base + BigInt(after) - 1n)?.includes('hg'), 'the grown part carries the hg flag too');
  assert.equal(tf.slice(big, [big.size - 1], [1]).dataSync()[0], 1.5, 'the last element, in the grown part, reads back');
  big.dispose();
});
