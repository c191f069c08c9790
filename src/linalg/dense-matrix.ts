/**
 * Small dense square matrices in float64, row-major: the format of test oracles, Ritz problems
 * and {@link denseOperator}-style wrappers.
 */

/** A square n×n matrix stored row-major: entry (i, j) is `data[i*n + j]`. */
export interface DenseMatrix {
  readonly n: number;
  readonly data: Float64Array;
}

/** Rows (`number[][]`, `Float64Array[]`) or a flat row-major array whose length is a square. */
export type MatrixInput = ReadonlyArray<ArrayLike<number>> | Float64Array;

/**
 * A fresh {@link DenseMatrix} copy of rows or of a flat row-major array.
 * @param m rows, or a flat row-major `Float64Array` of length n²
 * @returns the n×n matrix (a copy; the input is not kept)
 * @example toDense([[2, 1], [1, 2]]).data; // [2, 1, 1, 2]
 */
export function toDense(m: MatrixInput): DenseMatrix {
  if (m instanceof Float64Array) {
    const n = Math.round(Math.sqrt(m.length));
    if (n * n !== m.length) throw new Error(`flat matrix length ${m.length} is not a square`);
    return { n, data: Float64Array.from(m) };
  }
  const n = m.length;
  const data = new Float64Array(n * n);
  m.forEach((row, i) => {
    if (row.length !== n) throw new Error(`row ${i} has ${row.length} entries; expected ${n}`);
    for (let j = 0; j < n; j++) data[i * n + j] = row[j];
  });
  return { n, data };
}

/**
 * y = A·x.
 * @param a n×n matrix
 * @param x vector of length n
 * @returns fresh vector A·x
 * @example matVec(toDense([[2, 0], [0, 3]]), Float64Array.of(1, 1)); // [2, 3]
 */
export function matVec(a: DenseMatrix, x: ArrayLike<number>): Float64Array {
  const { n, data } = a;
  if (x.length !== n) throw new Error(`vector has length ${x.length}; matrix is ${n}×${n}`);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += data[row + j] * x[j];
    y[i] = s;
  }
  return y;
}

/**
 * Largest |aᵢⱼ − aⱼᵢ| relative to the largest |aᵢⱼ| (0 for an exactly symmetric matrix).
 * @param a n×n matrix
 * @returns relative asymmetry, a number ≥ 0
 * @example asymmetry(toDense([[1, 2], [2, 1]])); // 0
 */
export function asymmetry(a: DenseMatrix): number {
  const { n, data } = a;
  let big = 0, diff = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      big = Math.max(big, Math.abs(data[i * n + j]));
      diff = Math.max(diff, Math.abs(data[i * n + j] - data[j * n + i]));
    }
  }
  return big === 0 ? 0 : diff / big;
}
