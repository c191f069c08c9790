/**
 * A positive-integer setting from the environment, or `fallback` when unset or empty.
 * @throws on any other value, naming the variable.
 * @example positiveIntEnv('SHARPNESS_LAB_BLAS_THREADS', 1)
 */
export function positiveIntEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${raw} is not a positive integer`);
  return n;
}
