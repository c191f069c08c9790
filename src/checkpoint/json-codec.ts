/**
 * JSON text for run state and records that keeps non-finite numbers. JSON has no NaN or ±Infinity
 * and `JSON.stringify` silently turns them into null, which would lose "the loss diverged to
 * Infinity" or a tuner's `bestLoss = Infinity`. They are written as the strings "NaN", "Infinity"
 * and "-Infinity" and turned back into numbers on read (Python: `float(s)` parses all three).
 */

const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/**
 * `JSON.stringify` with NaN/±Infinity kept as the strings "NaN"/"Infinity"/"-Infinity".
 * @param value any JSON-able value (functions and undefined members are dropped, as in JSON.stringify).
 * @param space indentation for pretty printing; omit for one line.
 * @returns the JSON text.
 * @example encodeJson({ loss: Infinity }) // '{"loss":"Infinity"}'
 */
export function encodeJson(value: unknown, space?: number): string {
  return JSON.stringify(value, replaceNonFinite, space);
}

/**
 * `JSON.parse` that turns the strings "NaN", "Infinity" and "-Infinity" back into numbers.
 * @param text JSON text written by `encodeJson` (or any JSON).
 * @returns the parsed value.
 * @example decodeJson('{"loss":"NaN"}').loss // NaN
 */
export function decodeJson(text: string): unknown {
  return JSON.parse(text, reviveNonFinite);
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function replaceNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

function reviveNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(NON_FINITE, value)) return NON_FINITE[value];
  return value;
}
