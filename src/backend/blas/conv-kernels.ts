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
import { ConvSizes, TapGrid, tapGrid } from './tap-grid';
import { gridToOutput, outputToGrid, packPhases, unpackPhases } from './tap-grid-copy';
import { f32, heapOf } from './wasm-heap';

function chunkOf(z: ConvSizes, g: TapGrid): number {
  return imagesPerChunk(g.hq * g.wq * (g.phases.length * z.c + z.o), z.b);
}

/** y = conv(x, w) for the sizes z; x and w are heap views, y the output's view. */
export function convForward(sgemm: Sgemm, z: ConvSizes, x: Float32Array, w: Float32Array, y: Float32Array): void {
  const g = tapGrid(z);
  const chunk = chunkOf(z, g);
  for (let b0 = 0; b0 < z.b; b0 += chunk) {
    const images = Math.min(chunk, z.b - b0);
    const phaseSize = images * g.hq * g.wq * z.c;
    const phases = scratch('phases', phaseSize * g.phases.length);
    const grid = scratch('grid', images * g.hq * g.wq * z.o);
    packPhases(z, g, x, b0, images, phases);
    const rows = g.rows(images);
    g.taps.forEach((t, k) => {
      const a = phases.subarray(t.phase * phaseSize + t.shift * z.c);
      sgemm(false, false, rows, z.o, z.c, 1, a, z.c, w.subarray(t.filterOffset), z.o, k === 0 ? 0 : 1, grid, z.o);
    });
    gridToOutput(z, g, grid, b0, images, y);
  }
}

/** dx = ∂⟨conv(x, w), dy⟩/∂x. */
export function convInputGrad(sgemm: Sgemm, z: ConvSizes, dy: Float32Array, w: Float32Array, dx: Float32Array): void {
  const g = tapGrid(z);
  const chunk = chunkOf(z, g);
  for (let b0 = 0; b0 < z.b; b0 += chunk) {
    const images = Math.min(chunk, z.b - b0);
    const phaseSize = images * g.hq * g.wq * z.c;
    const phases = scratch('phases', phaseSize * g.phases.length);
    const grid = scratch('grid', images * g.hq * g.wq * z.o);
    outputToGrid(z, g, dy, b0, images, grid);
    phases.fill(0, 0, phaseSize * g.phases.length);
    const rows = g.rows(images);
    for (const t of g.taps) {
      const c = phases.subarray(t.phase * phaseSize + t.shift * z.c);
      sgemm(false, true, rows, z.c, z.o, 1, grid, z.o, w.subarray(t.filterOffset), z.o, 1, c, z.c);
    }
    unpackPhases(z, g, phases, b0, images, dx);
  }
}

/** dw = ∂⟨conv(x, w), dy⟩/∂w. */
export function convFilterGrad(sgemm: Sgemm, z: ConvSizes, x: Float32Array, dy: Float32Array, dw: Float32Array): void {
  const g = tapGrid(z);
  const chunk = chunkOf(z, g);
  for (let b0 = 0; b0 < z.b; b0 += chunk) {
    const images = Math.min(chunk, z.b - b0);
    const phaseSize = images * g.hq * g.wq * z.c;
    const phases = scratch('phases', phaseSize * g.phases.length);
    const grid = scratch('grid', images * g.hq * g.wq * z.o);
    packPhases(z, g, x, b0, images, phases);
    outputToGrid(z, g, dy, b0, images, grid);
    const rows = g.rows(images);
    for (const t of g.taps) {
      const a = phases.subarray(t.phase * phaseSize + t.shift * z.c);
      sgemm(true, false, z.c, z.o, rows, 1, a, z.c, grid, z.o, b0 === 0 ? 0 : 1, dw.subarray(t.filterOffset), z.o);
    }
  }
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

/** The kernel function of CONV2D_INPUT_GRAD (inputs {dy, filter}). */
export function blasConvInputGrad(sgemm: Sgemm): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as ConvGradAttrs;
    const z = gradSizes(attrs.shape, filter.shape, dy.shape, attrs);
    const heap = heapOf(args.backend);
    const out = heap.makeOutput(attrs.shape.slice(), 'float32');
    const dx = f32(heap, out);
    if (dy.shape.some((d) => d === 0) || z.c === 0) dx.fill(0);
    else convInputGrad(sgemm, z, f32(heap, dy), f32(heap, filter), dx);
    return out;
  };
}

/** The kernel function of CONV2D_FILTER_GRAD (inputs {x, dy}). */
export function blasConvFilterGrad(sgemm: Sgemm): tf.KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const attrs = args.attrs as unknown as ConvGradAttrs;
    const z = gradSizes(x.shape, attrs.shape, dy.shape, attrs);
    const heap = heapOf(args.backend);
    const out = heap.makeOutput(attrs.shape.slice(), 'float32');
    const dw = f32(heap, out);
    if (dy.shape.some((d) => d === 0) || z.c === 0) dw.fill(0);
    else convFilterGrad(sgemm, z, f32(heap, x), f32(heap, dy), dw);
    return out;
  };
}
