/**
 * Canonical JSON for run configs: object keys sorted (JavaScript's default UTF-16 order) at every
 * depth, no whitespace. Two configs that differ only in key order give the same text, and so the
 * same hash; any value change gives a different text. Values with no single JSON form are
 * rejected rather than silently coerced (JSON.stringify turns NaN into null and drops functions).
 */

/** A JSON value as canonicalised: plain objects, arrays, strings, finite numbers, booleans, null. */
export type CanonicalJson = null | boolean | number | string | CanonicalJson[] | { [key: string]: CanonicalJson };

/**
 * A deep copy of `value` with object keys sorted; undefined object members are dropped.
 * @param value a JSON-like value; `toJSON()` is honoured (e.g. Date).
 * @param where the path used in error messages.
 * @throws Error for NaN/±Infinity, bigint, functions, symbols, undefined array items, class instances.
 * @example canonicalize({ b: 1, a: [2] }) // { a: [2], b: 1 } (keys in that order)
 */
export function canonicalize(value: unknown, where = 'config'): CanonicalJson {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${where} is ${value}, which has no JSON form; use null or a string`);
    return Object.is(value, -0) ? 0 : value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (item === undefined) throw new Error(`${where}[${i}] is undefined, which has no JSON form`);
      return canonicalize(item, `${where}[${i}]`);
    });
  }
  if (typeof value === 'object') return canonicalObject(value as object, where);
  throw new Error(`${where} is a ${typeof value}, which has no JSON form`);
}

/**
 * Canonical compact JSON text (sorted keys, no whitespace): the input of the config hash.
 * @example canonicalJson({ b: 1, a: 2 }) // '{"a":2,"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value));
}

/**
 * The same canonical value pretty-printed (2-space indent, trailing newline) for config.json.
 * @example prettyCanonicalJson({ b: 1, a: 2 }) // '{\n  "a": 2,\n  "b": 1\n}\n'
 */
export function prettyCanonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value), null, 2) + '\n';
}

function canonicalObject(value: object, where: string): CanonicalJson {
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return canonicalize(withToJson.toJSON(), where);
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new Error(`${where} is a ${kind}; run configs hold plain objects and arrays only`);
  }
  const out: { [key: string]: CanonicalJson } = {};
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) out[key] = canonicalize(record[key], `${where}.${key}`);
  }
  return out;
}
