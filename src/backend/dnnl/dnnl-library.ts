/**
 * Loads oneDNN 2.x (Debian `libdnnl2`, the library PyTorch's CPU convolutions run on) through koffi
 * and binds the few C functions the native kernels need: its row-major sgemm, memory descriptors,
 * convolution and reorder primitives, execution on one CPU stream. oneDNN JIT-compiles its kernels
 * for the CPU it finds (AVX2, AVX-512...): its sgemm ran the MLP's matmuls 1.5–2x faster than
 * OpenBLAS 0.3.21's AVX2 kernels on an AVX-512 EPYC (one shape needs a detour: dnnl-sgemm.ts), and its direct convolutions are several
 * times faster than GEMM-based ones at the conv nets' few channels. The 3.x API differs (no
 * *_desc_init), so only 2.x is accepted.
 */
import * as os from 'os';
import { firstLine } from '../../util/first-line';
import { Koffi, loadKoffi } from '../ffi';
import { SignalMask, loadSignalMask } from '../signal-mask';
import type { Sgemm } from '../blas/blas-library';
import { RawDnnlSgemm, dnnlSgemm } from './dnnl-sgemm';

/** Whether oneDNN runs the wasm+blas path's matmuls and convolutions: auto (when it loads), on, off. */
export const DNNL_ENV = 'SHARPNESS_LAB_DNNL';
/** Where to load it from (default `libdnnl.so.2`). */
export const DNNL_LIBRARY_ENV = 'SHARPNESS_LAB_DNNL_LIBRARY';

/**
 * @throws on a value other than auto, on, off or empty.
 * @example requestedDnnl() // 'auto' unless SHARPNESS_LAB_DNNL says otherwise
 */
export function requestedDnnl(): 'auto' | 'on' | 'off' {
  const v = process.env[DNNL_ENV];
  if (v === undefined || v === '' || v === 'auto') return 'auto';
  if (v === 'on' || v === 'off') return v;
  throw new Error(`${DNNL_ENV}=${v}: use 'auto' (the default: oneDNN when it loads), 'on' or 'off' (the BLAS alone)`);
}

/** An opaque oneDNN handle (engine, stream, primitive, primitive descriptor, memory). */
export type Handle = unknown;

/** oneDNN's C enums (dnnl_types.h, 2.x). */
export const DNNL = {
  f32: 3,
  anyFormat: 1,
  forwardTraining: 64,
  backwardData: 160,
  backwardWeights: 192,
  convolutionDirect: 1,
  query: { src: 129, diffSrc: 130, weights: 131, diffWeights: 132, dst: 133, diffDst: 134 },
  arg: { src: 1, dst: 17, weights: 33, diffSrc: 129, diffDst: 145, diffWeights: 161 },
} as const;

/** The bound functions; each returns a dnnl_status_t (0 = success) unless noted. */
export interface DnnlApi {
  memoryDescByStrides(md: Buffer, ndims: number, dims: BigInt64Array, dataType: number, strides: BigInt64Array): number;
  memoryDescByTag(md: Buffer, ndims: number, dims: BigInt64Array, dataType: number, tag: number): number;
  /** Bytes a memory descriptor spans (not a status). */
  memoryDescSize(md: Buffer | Handle): number;
  /** 1 when equal (not a status). */
  memoryDescEqual(a: Buffer | Handle, b: Buffer | Handle): number;
  convForwardDesc(cd: Buffer, prop: number, alg: number, src: Buffer, wei: Buffer, bias: null, dst: Buffer,
    strides: BigInt64Array, dilates: BigInt64Array, padL: BigInt64Array, padR: BigInt64Array): number;
  convBackwardDataDesc(cd: Buffer, alg: number, diffSrc: Buffer, wei: Buffer, diffDst: Buffer,
    strides: BigInt64Array, dilates: BigInt64Array, padL: BigInt64Array, padR: BigInt64Array): number;
  convBackwardWeightsDesc(cd: Buffer, alg: number, src: Buffer, diffWei: Buffer, diffBias: null, diffDst: Buffer,
    strides: BigInt64Array, dilates: BigInt64Array, padL: BigInt64Array, padR: BigInt64Array): number;
  primitiveDescCreate(out: Handle[], opDesc: Buffer, attr: null, engine: Handle, hint: Handle | null): number;
  reorderDescCreate(out: Handle[], src: Buffer | Handle, srcEngine: Handle, dst: Buffer | Handle, dstEngine: Handle, attr: null): number;
  /** A descriptor the primitive chose (a pointer into the primitive descriptor; not a status). */
  queryMemoryDesc(pd: Handle, what: number, index: number): Handle;
  primitiveCreate(out: Handle[], pd: Handle): number;
  memoryCreate(out: Handle[], md: Buffer | Handle, engine: Handle, data: null): number;
  memorySetData(memory: Handle, data: Float32Array): number;
  execute(primitive: Handle, stream: Handle, nargs: number, args: { arg: number; memory: Handle }[]): number;
  streamWait(stream: Handle): number;
  /** Row-major C = alpha·op(A)·op(B) + beta·C; transposes as 'T' / 'N' character codes. */
  sgemm: RawDnnlSgemm;
}

/** A loaded oneDNN with its CPU engine and stream. */
export interface DnnlLibrary {
  readonly api: DnnlApi;
  /** Its sgemm in the kit's {@link Sgemm} form (row-major, as oneDNN's own; dnnl-sgemm.ts). */
  readonly sgemm: Sgemm;
  readonly engine: Handle;
  readonly stream: Handle;
  /** Runs `run` with signals held back (signal-mask.ts); `sgemm` and `api.execute` hold them on their own. */
  readonly hold: SignalMask['hold'];
  /** e.g. 'oneDNN 2.6.3 (libdnnl.so.2, ISA avx512_core)': the ISA changes the last bits. */
  readonly version: string;
  readonly threads: number;
}

/** Names of dnnl_cpu_isa_t values (2.x) for provenance. */
const ISA: Record<number, string> = {
  0x1: 'sse41', 0x3: 'avx', 0x7: 'avx2', 0x407: 'avx2_vnni', 0xf: 'avx512_mic', 0x1f: 'avx512_mic_4ops',
  0x27: 'avx512_core', 0x67: 'avx512_core_vnni', 0xe7: 'avx512_core_bf16', 0x3e7: 'avx512_core_amx',
};

/** Throws a readable error for a failed oneDNN call. */
export function check(status: number, what: string): void {
  const names = ['success', 'out of memory', 'invalid arguments', 'unimplemented', 'iterator ends', 'runtime error', 'not required'];
  if (status !== 0) throw new Error(`oneDNN ${what} failed: ${names[status] ?? `status ${status}`}`);
}

/**
 * Loads oneDNN 2.x and sets its OpenMP thread count.
 * @param threads threads per primitive (≥ 1).
 * @returns the library, or the one-line reason it could not be loaded.
 * @example const d = loadDnnl(1); if (typeof d !== 'string') console.log(d.version);
 */
export function loadDnnl(threads: number): DnnlLibrary | string {
  const koffi = loadKoffi();
  if (typeof koffi === 'string') return koffi;
  const path = process.env[DNNL_LIBRARY_ENV] || 'libdnnl.so.2';
  try {
    const lib = koffi.load(path);
    const fn = (sig: string) => lib.func(sig) as (...args: unknown[]) => unknown;
    const VersionInfo = koffi.struct({ major: 'int', minor: 'int', patch: 'int', hash: 'const char *', cpuRuntime: 'unsigned int', gpuRuntime: 'unsigned int' });
    const v = koffi.decode(fn('void *dnnl_version()')(), VersionInfo) as { major: number; minor: number; patch: number; cpuRuntime: number };
    if (v.major !== 2) return `${path} is oneDNN ${v.major}.${v.minor}; the kit's bindings need 2.x (Debian 12 libdnnl2)`;
    setThreads(koffi, v.cpuRuntime, threads);
    const mask = loadSignalMask(koffi);
    if (typeof mask === 'string') return `oneDNN is not used: ${mask}`;
    // Every call that runs a kernel holds signals back (signal-mask.ts: 2.x's GEMM kernels move the stack into the heap).
    const held = <F extends (...args: never[]) => number>(f: F): F => ((...args: never[]) => mask.hold(() => f(...args))) as F;
    const ExecArg = koffi.struct({ arg: 'int', memory: 'void *' });
    const dims = 'int64_t *';
    const api: DnnlApi = {
      memoryDescByStrides: fn(`int dnnl_memory_desc_init_by_strides(void *, int, ${dims}, int, ${dims})`) as DnnlApi['memoryDescByStrides'],
      memoryDescByTag: fn(`int dnnl_memory_desc_init_by_tag(void *, int, ${dims}, int, int)`) as DnnlApi['memoryDescByTag'],
      memoryDescSize: fn('size_t dnnl_memory_desc_get_size(void *)') as DnnlApi['memoryDescSize'],
      memoryDescEqual: fn('int dnnl_memory_desc_equal(void *, void *)') as DnnlApi['memoryDescEqual'],
      convForwardDesc: fn(`int dnnl_dilated_convolution_forward_desc_init(void *, int, int, void *, void *, void *, void *, ${dims}, ${dims}, ${dims}, ${dims})`) as DnnlApi['convForwardDesc'],
      convBackwardDataDesc: fn(`int dnnl_dilated_convolution_backward_data_desc_init(void *, int, void *, void *, void *, ${dims}, ${dims}, ${dims}, ${dims})`) as DnnlApi['convBackwardDataDesc'],
      convBackwardWeightsDesc: fn(`int dnnl_dilated_convolution_backward_weights_desc_init(void *, int, void *, void *, void *, void *, ${dims}, ${dims}, ${dims}, ${dims})`) as DnnlApi['convBackwardWeightsDesc'],
      primitiveDescCreate: fn('int dnnl_primitive_desc_create(_Out_ void **, void *, void *, void *, void *)') as DnnlApi['primitiveDescCreate'],
      reorderDescCreate: fn('int dnnl_reorder_primitive_desc_create(_Out_ void **, void *, void *, void *, void *, void *)') as DnnlApi['reorderDescCreate'],
      queryMemoryDesc: fn('void *dnnl_primitive_desc_query_md(void *, int, int)') as DnnlApi['queryMemoryDesc'],
      primitiveCreate: fn('int dnnl_primitive_create(_Out_ void **, void *)') as DnnlApi['primitiveCreate'],
      memoryCreate: fn('int dnnl_memory_create(_Out_ void **, void *, void *, void *)') as DnnlApi['memoryCreate'],
      memorySetData: fn('int dnnl_memory_set_data_handle(void *, void *)') as DnnlApi['memorySetData'],
      execute: held(lib.func('dnnl_primitive_execute', 'int', ['void *', 'void *', 'int', koffi.pointer(ExecArg)]) as DnnlApi['execute']),
      streamWait: fn('int dnnl_stream_wait(void *)') as DnnlApi['streamWait'],
      sgemm: held(fn('int dnnl_sgemm(char, char, int64_t, int64_t, int64_t, float, float *, int64_t, float *, int64_t, float, float *, int64_t)') as DnnlApi['sgemm']),
    };
    const engine: Handle[] = [null];
    check(fn('int dnnl_engine_create(_Out_ void **, int, size_t)')(engine, 1, 0) as number, 'engine creation');
    const stream: Handle[] = [null];
    check(fn('int dnnl_stream_create(_Out_ void **, void *, unsigned int)')(stream, engine[0], 1) as number, 'stream creation');
    const isaCode = fn('int dnnl_get_effective_cpu_isa()')() as number;
    const isa = ISA[isaCode] ?? `isa 0x${isaCode.toString(16)}`;
    const sgemm = dnnlSgemm(api.sgemm, check);
    return { api, sgemm, engine: engine[0], stream: stream[0], hold: (run) => mask.hold(run), version: `oneDNN ${v.major}.${v.minor}.${v.patch} (${path}, ISA ${isa})`, threads };
  } catch (err) {
    const hint = os.platform() === 'linux' ? '; install Debian/Ubuntu libdnnl2 (npm run setup does)' : '';
    return `oneDNN did not load (${path}: ${firstLine(err)})${hint}`;
  }
}

/** OpenMP builds (Debian's) take their thread count from libgomp; sequential builds run one. */
function setThreads(koffi: Koffi, cpuRuntime: number, threads: number): void {
  const SEQUENTIAL = 1; // DNNL_RUNTIME_SEQ (dnnl_config.h)
  const OPENMP = 2; // DNNL_RUNTIME_OMP
  if (cpuRuntime === OPENMP) {
    const gomp = koffi.load('libgomp.so.1');
    gomp.func('void omp_set_num_threads(int)')(threads);
    const got = gomp.func('int omp_get_max_threads()')() as number;
    if (got !== threads) throw new Error(`OpenMP kept ${got} threads where ${threads} were set`);
  } else if (cpuRuntime !== SEQUENTIAL || threads !== 1) {
    // Other runtimes (TBB, a threadpool) pick their own thread count: the bits would depend on the machine.
    throw new Error(`this oneDNN build (CPU runtime ${cpuRuntime}) does not take a thread count from the kit`);
  }
}
