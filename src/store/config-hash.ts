/**
 * A run's identity: sha256 of its canonical config JSON, shortened to 16 hex digits (64 bits;
 * a collision among even a million runs has probability ≈ 3e-8, and config.json is compared on
 * open anyway). This is the haven/SLS "folder per config hash" scheme.
 */
import { createHash } from 'crypto';
import { canonicalJson } from './canonical-json';

/** Hex digits kept from the sha256. */
export const HASH_LENGTH = 16;

/**
 * The short hash naming a run's folder.
 * @param config the run config (a JSON object; key order does not matter).
 * @returns 16 lower-case hex digits.
 * @example configHash({ seed: 0, lr: 0.01 }) === configHash({ lr: 0.01, seed: 0 }) // true
 */
export function configHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config), 'utf8').digest('hex').slice(0, HASH_LENGTH);
}

/** True for a string that looks like a run hash (folder name). */
export function isRunHash(name: string): boolean {
  return name.length === HASH_LENGTH && /^[0-9a-f]+$/.test(name);
}
