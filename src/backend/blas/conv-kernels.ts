/**
 * Conv2D and its two gradients as one GEMM per filter tap over phase grids (tap-grid.ts), reading
 * and writing the wasm heap directly; the batch goes in chunks so the host scratch stays bounded.
 * - forward:  Y_grid     += P[tap] · W[i,j]          ([rows, c] x [c, o])
 * - ∂x:       dP[tap]    += dY_grid · W[i,j]ᵀ        ([rows, o] x [o, c])
 * - ∂w:       dW[i,j]     = Σ_chunks P[tap]ᵀ · dY_grid ([c, rows] x [rows, o])
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvGradAttrs } from '../../autodiff/conv-grad-kernels';
import { Sgemm } from './blas-library';
import { prefersGemm } from './conv-policy';
import { imagesPerChunk, scratch } from './scratch';
import { ConvSizes, Tap, TapGrid, tapGrid } from './tap-grid';
import { gridToOutput, outputToGrid, packPhases, unpackPhases } from './tap-grid-copy';
import { f32, heapOf } from '../wasm-heap';

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

/** Sizes of a gradient kernel's convolution from its attrs and operand shapes. */
export function gradSizes(xShape: number[], wShape: number[], dyShape: number[], a: ConvGradAttrs): ConvSizes {
  const [b, h, w, c] = xShape;
  const [kh, kw, , o] = wShape;
  return {
    b, h, w, c, kh, kw, o, sh: a.strides[0], sw: a.strides[1], dh: a.dilations[0], dw: a.dilations[1],
    pt: a.pads[0][0], pl: a.pads[1][0], ho: dyShape[1], wo: dyShape[2],
  };
}

/** Sizes of a Conv2D node (NHWC), or undefined for what the GEMM path does not take. */
export function forwardSizes(x: tf.TensorInfo, w: tf.TensorInfo, attrs: tf.Conv2DAttrs): ConvSizes | undefined {
  if (attrs.dataFormat !== 'NHWC' || x.dtype !== 'float32' || w.dtype !== 'float32') return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], w.shape as [number, number, number, number],
    attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
  return {
    b: info.batchSize, h: info.inHeight, w: info.inWidth, c: info.inChannels,
    kh: info.filterHeight, kw: info.filterWidth, o: info.outChannels,
    sh: info.strideHeight, sw: info.strideWidth, dh: info.dilationHeight, dw: info.dilationWidth,
    pt: info.padInfo.top, pl: info.padInfo.left, ho: info.outHeight, wo: info.outWidth,
  };
}

/** The Conv2D kernel function; `fallback` (XNNPACK) takes what forwardSizes declines and the few-channel convolutions. */
export function blasConv2D(sgemm: Sgemm, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const z = forwardSizes(x, filter, args.attrs as unknown as tf.Conv2DAttrs);
    if (!z || !prefersGemm('forward', z.c, z.o)) return fallback(args);
    const heap = heapOf(args.backend);
    const out = heap.makeOutput([z.b, z.ho, z.wo, z.o], 'float32');
    const y = f32(heap, out);
    if (y.length > 0) convForward(sgemm, z, f32(heap, x), f32(heap, filter), y);
    return out;
  };
}

/**
 * A dedicated conv-gradient kernel: two operands named `names` (one of them dy), the result of
 * attrs.shape; empty operands give zeros.
 */
function gradKernel(
  names: readonly [string, string],
  sizes: (a: tf.TensorInfo, b: tf.TensorInfo, attrs: ConvGradAttrs) => ConvSizes,
  compute: (z: ConvSizes, a: Float32Array, b: Float32Array, out: Float32Array) => void,
): tf.KernelFunc {
  return (args) => {
    const inputs = args.inputs as Record<string, tf.TensorInfo>;
    const [a, b] = [inputs[names[0]], inputs[names[1]]];
    const attrs = args.attrs as unknown as ConvGradAttrs;
    const z = sizes(a, b, attrs);
    const heap = heapOf(args.backend);
    const out = heap.makeOutput(attrs.shape.slice(), 'float32');
    const o = f32(heap, out);
    const empty = a.shape.some((d) => d === 0) || b.shape.some((d) => d === 0);
    if (empty) o.fill(0);
    else compute(z, f32(heap, a), f32(heap, b), o);
    return out;
  };
}

/** The kernel function of CONV2D_INPUT_GRAD (inputs {dy, filter}). */
export function blasConvInputGrad(sgemm: Sgemm): tf.KernelFunc {
  return gradKernel(['dy', 'filter'], (dy, w, at) => gradSizes(at.shape, w.shape, dy.shape, at),
    (z, dy, w, dx) => convInputGrad(sgemm, z, dy, w, dx));
}

/** The kernel function of CONV2D_FILTER_GRAD (inputs {x, dy}). */
export function blasConvFilterGrad(sgemm: Sgemm): tf.KernelFunc {
  return gradKernel(['x', 'dy'], (x, dy, at) => gradSizes(x.shape, at.shape, dy.shape, at),
    (z, x, dy, dw) => convFilterGrad(sgemm, z, x, dy, dw));
}
