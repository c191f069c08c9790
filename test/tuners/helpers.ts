/**
 * Hand-made tuner contexts: a quadratic f(w) = ½ wᵀAw whose loss, gradient, trial losses and
 * HVPs are computed on the host in float64 from the float32 parameter values (so the only
 * rounding is that of storing w, g and w − ηg as float32), and a scalar context for tuners that
 * read only f and ‖g‖².
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Params, disposeParams, scale } from '../../src/model/params';
import { Tuner, TunerContext, TunerDiagnostics, TunerState } from '../../src/tuners/tuner';

/** A dense symmetric matrix, row-major, float64. */
export interface SymMatrix {
  readonly n: number;
  readonly a: Float64Array;
}

export function diagMatrix(values: readonly number[]): SymMatrix {
  const n = values.length;
  const a = new Float64Array(n * n);
  values.forEach((v, i) => { a[i * n + i] = v; });
  return { n, a };
}

/** Q·diag(values)·Qᵀ with Q a fixed rotation of coordinate pairs (0,1), (2,3), … by `angle`. */
export function rotatedMatrix(values: readonly number[], angle: number): SymMatrix {
  const n = values.length;
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const c = Math.cos(angle), s = Math.sin(angle);
  for (let i = 0; i + 1 < n; i += 2) {
    q[i * n + i] = c; q[i * n + i + 1] = -s;
    q[(i + 1) * n + i] = s; q[(i + 1) * n + i + 1] = c;
  }
  const a = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let col = 0; col < n; col++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += q[r * n + k] * values[k] * q[col * n + k];
    a[r * n + col] = sum;
  }
  return { n, a };
}

export function matVec(m: SymMatrix, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(m.n);
  for (let r = 0; r < m.n; r++) {
    let s = 0;
    for (let c = 0; c < m.n; c++) s += m.a[r * m.n + c] * v[c];
    out[r] = s;
  }
  return out;
}

export function dot64(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** ½ vᵀAv in float64. */
export function quadValue(m: SymMatrix, v: ArrayLike<number>): number {
  return 0.5 * dot64(v, matVec(m, v));
}

const asParams = (v: ArrayLike<number>): Params => [{ name: 'w', value: tf.tensor1d(Float32Array.from(v), 'float32') }];
const valuesOf = (p: Params): Float32Array => p[0].value.dataSync() as Float32Array;

export interface QuadraticContext {
  readonly ctx: TunerContext;
  /** w and g as stored (float32 values). */
  readonly w: Float32Array;
  readonly g: Float32Array;
  /** Curvature along the stored gradient, ρ_g = gᵀAg/‖g‖² (float64). */
  readonly rho: number;
  /** Number of lossAt calls so far (= line-search trials). */
  trialCount(): number;
  /** The η of each lossAt call, recovered from the trial point (w − trial)·g/‖g‖². */
  readonly trialEtas: number[];
  dispose(): void;
}

export interface QuadraticContextOptions {
  readonly step?: number;
  readonly batchesPerEpoch?: number;
  /** Replaces the quadratic's trial loss (e.g. always +∞ to force a line-search failure). */
  readonly lossAt?: (quadLoss: number) => number;
  readonly sharpness?: () => number;
}

/**
 * The tuner context of f(w) = ½ wᵀAw at w (stored as float32): loss, ∇f = Aw (stored as float32),
 * ‖g‖² of the stored g, float64 trial losses, HVPs A·v (stored as float32).
 */
export function quadraticContext(m: SymMatrix, w0: ArrayLike<number>, opts: QuadraticContextOptions = {}): QuadraticContext {
  const w = Float32Array.from(w0);
  const g = Float32Array.from(matVec(m, w));
  const gradNormSq = dot64(g, g);
  const params = asParams(w);
  const grad = asParams(g);
  const trialEtas: number[] = [];
  let trials = 0;
  const ctx: TunerContext = {
    step: opts.step ?? 0,
    batchesPerEpoch: opts.batchesPerEpoch ?? 1,
    params,
    loss: quadValue(m, w),
    grad,
    gradNormSq,
    lossAt: async (p) => {
      trials++;
      const t = valuesOf(p);
      trialEtas.push(dot64(Array.from(w, (x, i) => x - t[i]), g) / gradNormSq);
      const f = quadValue(m, t);
      return opts.lossAt ? opts.lossAt(f) : f;
    },
    hvp: async (v) => asParams(matVec(m, valuesOf(v))),
    sharpness: async () => {
      if (!opts.sharpness) throw new Error('this context has no sharpness');
      return opts.sharpness();
    },
  };
  return {
    ctx, w, g, rho: dot64(g, matVec(m, g)) / gradNormSq, trialCount: () => trials, trialEtas,
    dispose: () => { disposeParams(params); disposeParams(grad); },
  };
}

/** A context with only f and ‖g‖² (Polyak): every other member throws if used. */
export function scalarContext(loss: number, gradNormSq: number): TunerContext {
  const never = async (): Promise<never> => { throw new Error('not available in a scalar context'); };
  return { step: 0, batchesPerEpoch: 1, params: [], loss, grad: [], gradNormSq, lossAt: never, hvp: never, sharpness: never };
}

/** Selects the pure-JS backend: tuner tests are tiny and need no wasm start-up. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** |x − ref| / |ref|. */
export function relErr(x: number, ref: number): number {
  return Math.abs(x - ref) / Math.abs(ref);
}

/** A tuner's step on u = −∇f, as the trainer takes it: the step size and diagnostics. */
export interface StepResult {
  readonly stepSize: number;
  readonly diagnostics: TunerDiagnostics;
}

/**
 * Drives a tuner step after step on the gradient direction, threading its state (`state` can be
 * read, saved as JSON, and set to resume), and disposes the directions.
 * @example const t = stepper(armijoTuner({ kind: 'armijo' })); const { stepSize } = await t.step(q.ctx);
 */
export function stepper(tuner: Tuner): { state: TunerState; step(ctx: TunerContext): Promise<StepResult> } {
  return {
    state: tuner.init(),
    async step(ctx: TunerContext): Promise<StepResult> {
      const descent = scale(-1, ctx.grad);
      try {
        const out = await tuner.update(descent, this.state, ctx);
        disposeParams(out.direction);
        this.state = out.state;
        return { stepSize: out.info.stepSize ?? NaN, diagnostics: out.info.diagnostics };
      } finally {
        disposeParams(descent);
      }
    },
  };
}
