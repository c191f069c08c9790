/**
 * The geometry that turns a convolution into one GEMM per filter tap, with no im2col.
 *
 * y[b,u,v] = Σ_ij xp[b, s·u + d·i, s·v + d·j] · W[i,j] (xp = x zero-padded, stride s, dilation d).
 * Split xp into s_h·s_w phase images P_ac[b,r,q] = xp[b, s_h·r + a, s_w·q + c]; tap (i,j) reads
 * phase (d_h·i mod s_h, d_w·j mod s_w) at (u + ⌊d_h·i/s_h⌋, v + ⌊d_w·j/s_w⌋). Laid out row-major
 * on a grid of hq × wq pixels per image, that read is the whole grid shifted by one row offset,
 * so each tap is ONE GEMM of [rows, cin] by [cin, cout] (forward), and the two gradients are the
 * same GEMMs transposed. Outputs at grid pixels beyond (ho, wo) are garbage and are dropped (or
 * zeroed, for gradients); they cost (hq·wq)/(ho·wo) − 1 extra work, 13% for a padded 32x32 map.
 */

/** A convolution's sizes (NHWC input [b,h,w,c], filter [kh,kw,c,o]). */
export interface ConvSizes {
  readonly b: number; readonly h: number; readonly w: number; readonly c: number;
  readonly kh: number; readonly kw: number; readonly o: number;
  readonly sh: number; readonly sw: number; readonly dh: number; readonly dw: number;
  /** Zeros before the first row / column (the ones after only matter through ho, wo). */
  readonly pt: number; readonly pl: number;
  readonly ho: number; readonly wo: number;
}

/** One filter tap: which phase image it reads and at which row offset of the flattened grid. */
export interface Tap {
  /** Element offset of W[i,j] in the filter ([kh,kw,c,o] row-major). */
  readonly filterOffset: number;
  /** Index into {@link TapGrid.phases}. */
  readonly phase: number;
  /** Grid-pixel offset of the read. */
  readonly shift: number;
}

export interface TapGrid {
  readonly hq: number;
  readonly wq: number;
  /** The phases some tap reads, as [row phase, column phase]. */
  readonly phases: readonly (readonly [number, number])[];
  readonly taps: readonly Tap[];
  /** GEMM rows for a chunk of `images`: every grid pixel whose reads stay inside the chunk. */
  rows(images: number): number;
}

/** @example tapGrid(sizes).taps.length // kh·kw */
export function tapGrid(z: ConvSizes): TapGrid {
  const rowShift = (i: number) => Math.floor((z.dh * i) / z.sh);
  const colShift = (j: number) => Math.floor((z.dw * j) / z.sw);
  const hq = z.ho + rowShift(z.kh - 1);
  const wq = z.wo + colShift(z.kw - 1);
  const phases: [number, number][] = [];
  const phaseIndex = (a: number, c: number): number => {
    let k = phases.findIndex(([pa, pc]) => pa === a && pc === c);
    if (k < 0) k = phases.push([a, c]) - 1;
    return k;
  };
  const taps: Tap[] = [];
  for (let i = 0; i < z.kh; i++) {
    for (let j = 0; j < z.kw; j++) {
      taps.push({
        filterOffset: (i * z.kw + j) * z.c * z.o,
        phase: phaseIndex((z.dh * i) % z.sh, (z.dw * j) % z.sw),
        shift: rowShift(i) * wq + colShift(j),
      });
    }
  }
  const maxShift = rowShift(z.kh - 1) * wq + colShift(z.kw - 1);
  return { hq, wq, phases, taps, rows: (images) => images * hq * wq - maxShift };
}
