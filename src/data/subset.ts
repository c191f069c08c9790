/**
 * Which records a subset keeps: the first n (Cohen et al.'s cifar10-5k), or n/k per class chosen
 * with a seed (class-balanced, as in central flows). Indices come back in ascending order, so the
 * order of examples is deterministic and independent of the selection's internals.
 */
import { createRng } from '../util/rng';
import { DataError } from './data-error';

/** A subset rule: `first` n records, or `balanced` n/k per class chosen with `seed` (default 0). */
export interface SubsetSpec {
  readonly n: number;
  readonly rule: 'first' | 'balanced';
  readonly seed?: number;
}

/**
 * The global indices a subset keeps.
 * @param labels class label of every record, in order.
 * @param subset the rule; undefined keeps every record.
 * @param classes number of classes k (balanced needs n divisible by k); default 10.
 * @param classNames names for error messages; default 'class 0', 'class 1', ...
 * @returns ascending indices into `labels`.
 * @throws RangeError on a bad n; DataError when the data has too few records (overall or in a class).
 * @example selectSubset(train.labels, { n: 1000, rule: 'balanced', seed: 1 }) // 100 per class
 */
export function selectSubset(
  labels: Uint8Array,
  subset: SubsetSpec | undefined,
  classes = 10,
  classNames?: readonly string[],
): Int32Array {
  if (subset === undefined) return Int32Array.from({ length: labels.length }, (_, i) => i);
  const { n, rule } = subset;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`subset size must be a positive integer, got ${n}`);
  if (n > labels.length) {
    throw new DataError(`a subset of ${n} records was requested but the data has only ${labels.length}`);
  }
  if (rule === 'first') return Int32Array.from({ length: n }, (_, i) => i);
  if (rule !== 'balanced') throw new RangeError(`subset rule must be 'first' or 'balanced', got '${String(rule)}'`);
  return balancedIndices(labels, n, classes, subset.seed ?? 0, classNames);
}

function balancedIndices(
  labels: Uint8Array, n: number, classes: number, seed: number, classNames?: readonly string[],
): Int32Array {
  if (n % classes !== 0) throw new RangeError(`a balanced subset needs n divisible by ${classes}, got ${n}`);
  const perClass = n / classes;
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((label, i) => byClass[label]?.push(i));
  const rng = createRng(seed);
  const chosen: number[] = [];
  byClass.forEach((members, c) => {
    if (members.length < perClass) {
      const name = classNames?.[c] ?? `class ${c}`;
      throw new DataError(
        `${name} has only ${members.length} records, fewer than the ${perClass} per class a balanced subset of ${n} needs`,
      );
    }
    // Partial Fisher–Yates: the first perClass slots become a seeded uniform sample without replacement.
    for (let i = 0; i < perClass; i++) {
      const j = i + rng.int(members.length - i);
      const t = members[i]; members[i] = members[j]; members[j] = t;
      chosen.push(members[i]);
    }
  });
  return Int32Array.from(chosen).sort();
}
