/**
 * Conv2D and its two gradients as oneDNN primitives (forward, backward-data, backward-weights).
 * The tensors stay NHWC / HWIO on the wasm heap. The primitives read and write the activations in
 * NHWC where they lie (oneDNN's nxc convolutions: brgconv forward, jit backward); only the weights
 * go through a reorder into the layout the primitive picks, in host scratch (an exact copy, small).
 * Letting the primitives pick blocked activation layouts too (nChw16c, which pads 8 channels to
 * 16) made the reorders in and out a quarter of all oneDNN time on ResNet34 at width 1/8: a
 * gradient took 285 ms per 200 images against 215 now, an HVP 699 against 564 (numerics 6).
 * Primitives are built once per shape and kept (a run sees a few dozen shapes).
 * One case stays off oneDNN: the filter gradient of a strided 1x1 convolution (ResNet34's projection
 * shortcuts). oneDNN's 1x1 backward-weights kernel reduces such a source to unit stride in a per-thread
 * workspace, which for NHWC sources it books at `ic` floats per position but addresses at its channel
 * block (16 on AVX-512, 8 on AVX2): with fewer input channels than that it writes past its workspace,
 * into the next thread's part and past the end (uxlfoundation/oneDNN#6035, open; 2.6 through 3.x).
 * Here that aborted the process on glibc's heap checks with 2 threads and an odd batch. Those
 * gradients go through oneDNN's sgemm instead (blas/conv-kernels.ts: a GEMM over the strided taps).
 */
import { ConvSizes } from '../blas/tap-grid';
import { scratch } from '../blas/scratch';
import { convFilterGrad } from '../blas/conv-kernels';
import { DNNL, DnnlLibrary, Handle, check } from './dnnl-library';

/** The filter gradients oneDNN's rtus workspace overflows on (see above): 1x1 kernels with a stride. */
function stridedPointwise(z: ConvSizes): boolean {
  return z.kh === 1 && z.kw === 1 && (z.sh > 1 || z.sw > 1);
}

/** One operand of a primitive: the NHWC/HWIO layout on the heap and the one the primitive runs in. */
interface Operand {
  readonly arg: number;
  /** Memory over the heap tensor (its data handle is set per call). */
  readonly user: Handle;
  /** Memory in the primitive's layout over host scratch, and the reorder to (inputs) or from (output) it; absent when the layouts agree. */
  readonly blocked?: { readonly memory: Handle; readonly floats: number; readonly reorder: Handle };
}

interface Plan {
  readonly primitive: Handle;
  /** Two inputs, then the output. */
  readonly operands: readonly [Operand, Operand, Operand];
}

type Op = 'forward' | 'input-grad' | 'filter-grad';

const I64 = (a: number[]) => BigInt64Array.from(a.map(BigInt));

/** Zeros after the last row/column: the fewest that give ho × wo outputs (never negative: integer division drops the rest). */
function padAfter(inSize: number, outSize: number, k: number, s: number, d: number, before: number): number {
  return Math.max(0, (outSize - 1) * s + (k - 1) * d + 1 - inSize - before);
}

export class DnnlConv {
  private readonly plans = new Map<string, Plan>();

  constructor(private readonly dnnl: DnnlLibrary) {}

  /** y = conv(x, w); x, w, y are NHWC / HWIO heap views. */
  forward(z: ConvSizes, x: Float32Array, w: Float32Array, y: Float32Array): void {
    this.run(this.plan('forward', z), x, w, y);
  }

  /** dx = ∂⟨conv(x, w), dy⟩/∂x. */
  inputGrad(z: ConvSizes, dy: Float32Array, w: Float32Array, dx: Float32Array): void {
    this.run(this.plan('input-grad', z), dy, w, dx);
  }

  /** dw = ∂⟨conv(x, w), dy⟩/∂w. */
  filterGrad(z: ConvSizes, x: Float32Array, dy: Float32Array, dw: Float32Array): void {
    if (stridedPointwise(z)) convFilterGrad(this.dnnl.sgemm, z, x, dy, dw);
    else this.run(this.plan('filter-grad', z), x, dy, dw);
  }

  private run(plan: Plan, a: Float32Array, b: Float32Array, out: Float32Array): void {
    this.dnnl.hold(() => this.runHeld(plan, a, b, out)); // one hold for its three or four executions
  }

  private runHeld(plan: Plan, a: Float32Array, b: Float32Array, out: Float32Array): void {
    const { api } = this.dnnl;
    const roles = ['dnnl-a', 'dnnl-b', 'dnnl-out'];
    const args = plan.operands.map((o, i) => {
      check(api.memorySetData(o.user, [a, b, out][i]), 'setting a data handle');
      if (!o.blocked) return { arg: o.arg, memory: o.user };
      check(api.memorySetData(o.blocked.memory, scratch(roles[i], o.blocked.floats)), 'setting a data handle');
      if (i < 2) this.exec(o.blocked.reorder, [{ arg: DNNL.arg.src, memory: o.user }, { arg: DNNL.arg.dst, memory: o.blocked.memory }]);
      return { arg: o.arg, memory: o.blocked.memory };
    });
    this.exec(plan.primitive, args);
    const o = plan.operands[2];
    if (o.blocked) this.exec(o.blocked.reorder, [{ arg: DNNL.arg.src, memory: o.blocked.memory }, { arg: DNNL.arg.dst, memory: o.user }]);
    check(api.streamWait(this.dnnl.stream), 'waiting for the stream');
  }

  private exec(primitive: Handle, args: { arg: number; memory: Handle }[]): void {
    check(this.dnnl.api.execute(primitive, this.dnnl.stream, args.length, args), 'execution');
  }

  private plan(op: Op, z: ConvSizes): Plan {
    const key = `${op} ${JSON.stringify(z)}`;
    let p = this.plans.get(key);
    if (!p) {
      p = this.build(op, z);
      this.plans.set(key, p);
    }
    return p;
  }

  private build(op: Op, z: ConvSizes): Plan {
    const { api, engine } = this.dnnl;
    const md = (dims: number[], strides?: number[]): Buffer => {
      const b = Buffer.alloc(4096); // ≥ sizeof(dnnl_memory_desc_t) in 2.x (≈ 1.3 KB)
      check(strides ? api.memoryDescByStrides(b, 4, I64(dims), DNNL.f32, I64(strides))
        : api.memoryDescByTag(b, 4, I64(dims), DNNL.f32, DNNL.anyFormat), 'a memory descriptor');
      return b;
    };
    const xDims = [z.b, z.c, z.h, z.w];
    const yDims = [z.b, z.o, z.ho, z.wo];
    const wDims = [z.o, z.c, z.kh, z.kw];
    const user = {
      x: md(xDims, [z.h * z.w * z.c, 1, z.w * z.c, z.c]),
      y: md(yDims, [z.ho * z.wo * z.o, 1, z.wo * z.o, z.o]),
      w: md(wDims, [1, z.o, z.kw * z.c * z.o, z.c * z.o]),
    };
    // Activations in NHWC as they lie on the heap; the weights in whatever layout the primitive picks.
    const asRun = { x: user.x, y: user.y, w: md(wDims) };
    const geometry = [
      I64([z.sh, z.sw]), I64([z.dh - 1, z.dw - 1]), I64([z.pt, z.pl]),
      I64([padAfter(z.h, z.ho, z.kh, z.sh, z.dh, z.pt), padAfter(z.w, z.wo, z.kw, z.sw, z.dw, z.pl)]),
    ] as const;
    const primitiveDesc = (desc: Buffer, hint: Handle | null): Handle => {
      const pd: Handle[] = [null];
      check(api.primitiveDescCreate(pd, desc, null, engine, hint), `the ${op} convolution for ${JSON.stringify(z)}`);
      return pd[0];
    };
    const forwardDesc = Buffer.alloc(16384); // ≥ sizeof(dnnl_convolution_desc_t) (≈ 10.5 KB)
    check(api.convForwardDesc(forwardDesc, DNNL.forwardTraining, DNNL.convolutionDirect, asRun.x, asRun.w, null, asRun.y, ...geometry), 'a convolution descriptor');
    const forwardPd = primitiveDesc(forwardDesc, null);
    let pd = forwardPd;
    let spec: [Buffer, number, number][]; // user layout, query, arg: two inputs then the output
    if (op === 'forward') {
      spec = [[user.x, DNNL.query.src, DNNL.arg.src], [user.w, DNNL.query.weights, DNNL.arg.weights], [user.y, DNNL.query.dst, DNNL.arg.dst]];
    } else if (op === 'input-grad') {
      const desc = Buffer.alloc(16384);
      check(api.convBackwardDataDesc(desc, DNNL.convolutionDirect, asRun.x, asRun.w, asRun.y, ...geometry), 'a convolution descriptor');
      pd = primitiveDesc(desc, forwardPd);
      spec = [[user.y, DNNL.query.diffDst, DNNL.arg.diffDst], [user.w, DNNL.query.weights, DNNL.arg.weights], [user.x, DNNL.query.diffSrc, DNNL.arg.diffSrc]];
    } else {
      const desc = Buffer.alloc(16384);
      check(api.convBackwardWeightsDesc(desc, DNNL.convolutionDirect, asRun.x, asRun.w, null, asRun.y, ...geometry), 'a convolution descriptor');
      pd = primitiveDesc(desc, forwardPd);
      spec = [[user.x, DNNL.query.src, DNNL.arg.src], [user.y, DNNL.query.diffDst, DNNL.arg.diffDst], [user.w, DNNL.query.diffWeights, DNNL.arg.diffWeights]];
    }
    const memory = (m: Buffer | Handle): Handle => {
      const out: Handle[] = [null];
      check(api.memoryCreate(out, m, engine, null), 'a memory object');
      return out[0];
    };
    const primitive = (d: Handle): Handle => {
      const out: Handle[] = [null];
      check(api.primitiveCreate(out, d), 'a primitive');
      return out[0];
    };
    const operands = spec.map(([userMd, query, arg], i): Operand => {
      const chosen = api.queryMemoryDesc(pd, query, 0);
      if (api.memoryDescEqual(userMd, chosen) === 1) return { arg, user: memory(userMd) };
      const reorderPd: Handle[] = [null];
      const [from, to] = i < 2 ? [userMd, chosen] : [chosen, userMd];
      check(api.reorderDescCreate(reorderPd, from, engine, to, engine, null), 'a reorder');
      return { arg, user: memory(userMd), blocked: { memory: memory(chosen), floats: Math.ceil(api.memoryDescSize(chosen) / 4), reorder: primitive(reorderPd[0]) } };
    });
    return { primitive: primitive(pd), operands: operands as unknown as Plan['operands'] };
  }
}
