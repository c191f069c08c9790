import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash } from 'crypto';
import { canonicalJson, prettyCanonicalJson } from '../../src/store/canonical-json';
import { configHash, HASH_LENGTH, isRunHash } from '../../src/store/config-hash';

const CONFIG = {
  seed: 0,
  model: { arch: 'mlp', hidden: [200, 200], activation: 'tanh', inputDim: 3072, outputDim: 10 },
  data: { source: 'cifar10', subset: { first: 5000 } },
  tuner: { name: 'armijo', c: 0.1, beta: 0.9 },
  steps: 2000,
  backend: { name: 'wasm', versions: { 'tfjs-core': '4.22.0' } },
};

/** The same object with keys inserted in reverse order at every depth. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).reverse()) out[key] = reversedKeys((value as Record<string, unknown>)[key]);
  return out;
}

describe('canonical config hashing', () => {
  it('canonicalJson sorts keys at every depth and has no whitespace', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } }), '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('key order does not change the hash', () => {
    assert.equal(JSON.stringify(reversedKeys(CONFIG)) === JSON.stringify(CONFIG), false);
    assert.equal(configHash(reversedKeys(CONFIG)), configHash(CONFIG));
  });

  it('any value change changes the hash, however deep', () => {
    const base = configHash(CONFIG);
    const variants = [
      { ...CONFIG, seed: 1 },
      { ...CONFIG, model: { ...CONFIG.model, hidden: [200, 201] } },
      { ...CONFIG, model: { ...CONFIG.model, hidden: [200] } },
      { ...CONFIG, tuner: { ...CONFIG.tuner, c: 0.1000001 } },
      { ...CONFIG, backend: { ...CONFIG.backend, versions: { 'tfjs-core': '4.22.1' } } },
      { ...CONFIG, steps: '2000' },
      { ...CONFIG, extra: null },
    ];
    const hashes = variants.map(configHash);
    for (const h of hashes) assert.notEqual(h, base);
    assert.equal(new Set(hashes).size, hashes.length);
  });

  it('array order matters', () => {
    assert.notEqual(configHash({ a: [1, 2] }), configHash({ a: [2, 1] }));
  });

  it('is 16 lower-case hex digits of sha256 over the canonical text', () => {
    const h = configHash(CONFIG);
    assert.equal(h.length, HASH_LENGTH);
    assert.ok(isRunHash(h));
    const full = createHash('sha256').update(canonicalJson(CONFIG)).digest('hex');
    assert.equal(h, full.slice(0, 16));
  });

  it('drops undefined members, like JSON.stringify', () => {
    assert.equal(configHash({ a: 1, b: undefined }), configHash({ a: 1 }));
  });

  it('rejects values with no single JSON form, naming where they are', () => {
    assert.throws(() => configHash({ tuner: { c: NaN } }), /config\.tuner\.c is NaN/);
    assert.throws(() => configHash({ a: [1, undefined] }), /config\.a\[1\] is undefined/);
    assert.throws(() => configHash({ f: () => 1 }), /config\.f is a function/);
    assert.throws(() => configHash({ m: new Map() }), /config\.m is a Map/);
    assert.throws(() => configHash({ big: BigInt(1) }), /config\.big is a bigint/);
  });

  it('pretty config.json text parses back to the same hash', () => {
    assert.equal(configHash(JSON.parse(prettyCanonicalJson(reversedKeys(CONFIG)))), configHash(CONFIG));
    assert.match(prettyCanonicalJson({ b: 1, a: 2 }), /^\{\n {2}"a": 2,\n {2}"b": 1\n\}\n$/);
  });
});
