/**
 * Copies between NHWC tensors and the phase grids of tap-grid.ts: input → phase images (zero
 * where the padding is), grid outputs → NHWC outputs, NHWC upstream gradients → grid (zero at
 * the garbage pixels, which must not feed the gradients), phase-image gradients → input gradient.
 */
import { ConvSizes, TapGrid } from './tap-grid';

/**
 * Fills `dst` (phases × [images, hq, wq, c]) from images [b0, b0 + images) of x.
 * @param x input [b, h, w, c].
 */
export function packPhases(z: ConvSizes, g: TapGrid, x: Float32Array, b0: number, images: number, dst: Float32Array): void {
  const { h, w, c, sh, sw, pt, pl } = z;
  const { hq, wq } = g;
  const phaseSize = images * hq * wq * c;
  dst.fill(0, 0, phaseSize * g.phases.length);
  g.phases.forEach(([a, cp], p) => {
    const qlo = Math.max(0, Math.ceil((pl - cp) / sw));
    const qhi = Math.min(wq - 1, Math.floor((w - 1 + pl - cp) / sw));
    if (qhi < qlo) return;
    for (let bl = 0; bl < images; bl++) {
      for (let r = 0; r < hq; r++) {
        const row = sh * r + a - pt;
        if (row < 0 || row >= h) continue;
        const src = ((b0 + bl) * h + row) * w * c;
        const out = p * phaseSize + (bl * hq + r) * wq * c;
        if (sw === 1) {
          const col = qlo + cp - pl;
          dst.set(x.subarray(src + col * c, src + (col + qhi - qlo + 1) * c), out + qlo * c);
        } else {
          for (let q = qlo; q <= qhi; q++) {
            const s = src + (sw * q + cp - pl) * c;
            const d = out + q * c;
            for (let k = 0; k < c; k++) dst[d + k] = x[s + k];
          }
        }
      }
    }
  });
}

/** Adds the phase-image gradients `src` back onto images [b0, b0 + images) of dx [b, h, w, c] (dx covered exactly once). */
export function unpackPhases(z: ConvSizes, g: TapGrid, src: Float32Array, b0: number, images: number, dx: Float32Array): void {
  const { h, w, c, sh, sw, pt, pl } = z;
  const { hq, wq } = g;
  const phaseSize = images * hq * wq * c;
  const phaseOf = new Map(g.phases.map(([a, cp], p) => [a * sw + cp, p]));
  if (sh === 1 && sw === 1) {
    const cols = Math.max(0, Math.min(w, wq - pl)); // columns the grid covers
    for (let bl = 0; bl < images; bl++) {
      for (let row = 0; row < h; row++) {
        const out = ((b0 + bl) * h + row) * w * c;
        const r = row + pt;
        if (r >= hq) { dx.fill(0, out, out + w * c); continue; }
        const s = ((bl * hq + r) * wq + pl) * c;
        dx.set(src.subarray(s, s + cols * c), out);
        dx.fill(0, out + cols * c, out + w * c);
      }
    }
    return;
  }
  for (let bl = 0; bl < images; bl++) {
    for (let row = 0; row < h; row++) {
      const ry = row + pt;
      const r = Math.floor(ry / sh);
      const out = ((b0 + bl) * h + row) * w * c;
      if (r >= hq) { dx.fill(0, out, out + w * c); continue; }
      for (let col = 0; col < w; col++) {
        const cx = col + pl;
        const q = Math.floor(cx / sw);
        const p = phaseOf.get((ry % sh) * sw + (cx % sw));
        const d = out + col * c;
        if (p === undefined || q >= wq) { dx.fill(0, d, d + c); continue; }
        const s = p * phaseSize + ((bl * hq + r) * wq + q) * c;
        for (let k = 0; k < c; k++) dx[d + k] = src[s + k];
      }
    }
  }
}

/** Copies the valid pixels of a grid output [images, hq, wq, o] to y [b, ho, wo, o] at image b0. */
export function gridToOutput(z: ConvSizes, g: TapGrid, grid: Float32Array, b0: number, images: number, y: Float32Array): void {
  const { ho, wo, o } = z;
  for (let bl = 0; bl < images; bl++) {
    for (let u = 0; u < ho; u++) {
      const s = (bl * g.hq + u) * g.wq * o;
      y.set(grid.subarray(s, s + wo * o), ((b0 + bl) * ho + u) * wo * o);
    }
  }
}

/** Lays images [b0, b0 + images) of dy [b, ho, wo, o] on the grid, zeros elsewhere. */
export function outputToGrid(z: ConvSizes, g: TapGrid, dy: Float32Array, b0: number, images: number, grid: Float32Array): void {
  const { ho, wo, o } = z;
  grid.fill(0, 0, images * g.hq * g.wq * o);
  for (let bl = 0; bl < images; bl++) {
    for (let u = 0; u < ho; u++) {
      const s = ((b0 + bl) * ho + u) * wo * o;
      grid.set(dy.subarray(s, s + wo * o), (bl * g.hq + u) * g.wq * o);
    }
  }
}
