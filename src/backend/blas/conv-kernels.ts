/**
 * Conv2D and its two gradients as one GEMM per filter tap over phase grids (tap-grid.ts), reading
 * and writing the wasm heap directly; the batch goes in chunks so the host scratch stays bounded.
 * - forward:  Y_grid     += P[tap] · W[i,j]          ([rows, c] x [c, o])
 * - ∂x:       dP[tap]    += dY_grid · W[i,j]ᵀ        ([rows, o] x [o, c])
 * - ∂w:       dW[i,j]     = Σ_chunks P[tap]ᵀ · dY_grid ([c, rows] x [rows, o])
 */
import { Sgemm } from './blas-library';
import { imagesPerChunk, scratch } from './scratch';
import { ConvSizes, Tap, TapGrid, tapGrid } from './tap-grid';
import { gridToOutput, outputToGrid, packPhases, unpackPhases } from './tap-grid-copy';
import { ConvEngine } from '../conv-engine';

/** One batch chunk of a convolution on the tap grid, with its scratch buffers. */
interface Chunk {
  readonly g: TapGrid;
  readonly b0: number;
  readonly images: number;
  /** Floats per phase image in `phases`. */
  readonly phaseSize: number;
  /** The chunk's phase images (contents: whatever was there). */
  readonly phases: Float32Array;
  /** The chunk's grid of outputs or upstream gradients (contents: whatever was there). */
  readonly grid: Float32Array;
  /** GEMM rows. */
  readonly rows: number;
  /** Tap t's phase image from its shift on: the A (or C) operand of its GEMM. */
  at(t: Tap): Float32Array;
}

/** Runs `body` over batch chunks small enough that the scratch stays ≤ 64 MB. */
function forEachChunk(z: ConvSizes, body: (c: Chunk) => void): void {
  const g = tapGrid(z);
  const chunk = imagesPerChunk(g.hq * g.wq * (g.phases.length * z.c + z.o), z.b);
  for (let b0 = 0; b0 < z.b; b0 += chunk) {
    const images = Math.min(chunk, z.b - b0);
    const phaseSize = images * g.hq * g.wq * z.c;
    const phases = scratch('phases', phaseSize * g.phases.length);
    body({
      g, b0, images, phaseSize, phases, grid: scratch('grid', images * g.hq * g.wq * z.o), rows: g.rows(images),
      at: (t) => phases.subarray(t.phase * phaseSize + t.shift * z.c),
    });
  }
}

/** y = conv(x, w) for the sizes z; x and w are heap views, y the output's view. */
export function convForward(sgemm: Sgemm, z: ConvSizes, x: Float32Array, w: Float32Array, y: Float32Array): void {
  forEachChunk(z, (c) => {
    packPhases(z, c.g, x, c.b0, c.images, c.phases);
    c.g.taps.forEach((t, k) => sgemm(false, false, c.rows, z.o, z.c, 1, c.at(t), z.c, w.subarray(t.filterOffset), z.o, k === 0 ? 0 : 1, c.grid, z.o));
    gridToOutput(z, c.g, c.grid, c.b0, c.images, y);
  });
}

/** dx = ∂⟨conv(x, w), dy⟩/∂x. */
export function convInputGrad(sgemm: Sgemm, z: ConvSizes, dy: Float32Array, w: Float32Array, dx: Float32Array): void {
  forEachChunk(z, (c) => {
    outputToGrid(z, c.g, dy, c.b0, c.images, c.grid);
    c.phases.fill(0, 0, c.phaseSize * c.g.phases.length);
    for (const t of c.g.taps) sgemm(false, true, c.rows, z.c, z.o, 1, c.grid, z.o, w.subarray(t.filterOffset), z.o, 1, c.at(t), z.c);
    unpackPhases(z, c.g, c.phases, c.b0, c.images, dx);
  });
}

/** dw = ∂⟨conv(x, w), dy⟩/∂w (summed over the chunks). */
export function convFilterGrad(sgemm: Sgemm, z: ConvSizes, x: Float32Array, dy: Float32Array, dw: Float32Array): void {
  forEachChunk(z, (c) => {
    packPhases(z, c.g, x, c.b0, c.images, c.phases);
    outputToGrid(z, c.g, dy, c.b0, c.images, c.grid);
    for (const t of c.g.taps) sgemm(true, false, z.c, z.o, c.rows, 1, c.at(t), z.c, c.grid, z.o, c.b0 === 0 ? 0 : 1, dw.subarray(t.filterOffset), z.o);
  });
}

/** The GEMM-per-tap convolutions as a {@link ConvEngine}. */
export function gemmConvEngine(sgemm: Sgemm): ConvEngine {
  return {
    forward: (z, x, w, y) => convForward(sgemm, z, x, w, y),
    inputGrad: (z, dy, w, dx) => convInputGrad(sgemm, z, dy, w, dx),
    filterGrad: (z, x, dy, dw) => convFilterGrad(sgemm, z, x, dy, dw),
  };
}
