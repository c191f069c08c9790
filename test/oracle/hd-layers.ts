/**
 * Network layers over hyper-dual tensors, written from the definitions with plain loops
 * (direct sliding-window convolution, explicit windows for pooling) and sharing no code with
 * src/: the oracle side of every curvature test. Tensors are row-major (NHWC for images).
 */
import * as H from './hyperdual';
import { HD } from './hyperdual';

export interface HT {
  readonly shape: readonly number[];
  readonly data: readonly HD[];
}

export type Act = 'relu' | 'tanh' | 'sigmoid' | 'softplus' | 'gelu' | 'elu' | 'linear';

const ACT: Record<Act, (x: HD) => HD> = {
  relu: H.relu, tanh: H.tanh, sigmoid: H.sigmoid, softplus: H.softplus, gelu: H.gelu, elu: H.elu, linear: (x) => x,
};

export const constant = (values: ArrayLike<number>, shape: readonly number[]): HT =>
  ({ shape, data: Array.from(values, (v) => H.hd(v)) });

export const activate = (name: Act, x: HT): HT => ({ shape: x.shape, data: x.data.map(ACT[name]) });

export const addT = (x: HT, y: HT): HT => ({ shape: x.shape, data: x.data.map((v, i) => H.add(v, y.data[i])) });

export const flattenT = (x: HT): HT => ({ shape: [x.shape[0], x.data.length / x.shape[0]], data: x.data });

/** x [n, din] · w [din, dout] + b [dout]. */
export function dense(x: HT, w: HT, b?: HT): HT {
  const [n, din] = x.shape;
  const dout = w.shape[1];
  const out: HD[] = [];
  for (let r = 0; r < n; r++) {
    for (let o = 0; o < dout; o++) {
      let s = b ? b.data[o] : H.ZERO;
      for (let k = 0; k < din; k++) s = H.add(s, H.mul(x.data[r * din + k], w.data[k * dout + o]));
      out.push(s);
    }
  }
  return { shape: [n, dout], data: out };
}

/** TensorFlow's padding rule, restated: same → out = ⌈n/s⌉, the odd extra zero goes after. */
function outAndPadBefore(n: number, k: number, s: number, padding: 'same' | 'valid'): [number, number] {
  if (padding === 'valid') return [Math.floor((n - k) / s) + 1, 0];
  const out = Math.ceil(n / s);
  return [out, Math.floor(Math.max((out - 1) * s + k - n, 0) / 2)];
}

/** Direct cross-correlation: y[b,u,v,o] = Σ x[b, s·u + i − pt, s·v + j − pl, c] · w[i,j,c,o] (+ bias). */
export function conv2d(x: HT, w: HT, bias: HT | undefined, stride: number, padding: 'same' | 'valid'): HT {
  const [n, h, wd, cin] = x.shape;
  const [kh, kw, , cout] = w.shape;
  const [oh, pt] = outAndPadBefore(h, kh, stride, padding);
  const [ow, pl] = outAndPadBefore(wd, kw, stride, padding);
  const out: HD[] = [];
  for (let b = 0; b < n; b++) for (let u = 0; u < oh; u++) for (let v = 0; v < ow; v++) {
    for (let o = 0; o < cout; o++) {
      let s = bias ? bias.data[o] : H.ZERO;
      for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
        const r = stride * u + i - pt;
        const q = stride * v + j - pl;
        if (r < 0 || r >= h || q < 0 || q >= wd) continue;
        for (let c = 0; c < cin; c++) {
          s = H.add(s, H.mul(x.data[((b * h + r) * wd + q) * cin + c], w.data[((i * kw + j) * cin + c) * cout + o]));
        }
      }
      out.push(s);
    }
  }
  return { shape: [n, oh, ow, cout], data: out };
}

/** 2x2, stride 2 pooling of NHWC (odd trailing rows/columns dropped) with a window reducer. */
function pool2x2(x: HT, reduce: (w: HD[]) => HD): HT {
  const [n, h, w, c] = x.shape;
  const oh = Math.floor(h / 2);
  const ow = Math.floor(w / 2);
  const out: HD[] = [];
  for (let b = 0; b < n; b++) for (let u = 0; u < oh; u++) for (let v = 0; v < ow; v++) for (let k = 0; k < c; k++) {
    const at = (r: number, q: number) => x.data[((b * h + r) * w + q) * c + k];
    out.push(reduce([at(2 * u, 2 * v), at(2 * u, 2 * v + 1), at(2 * u + 1, 2 * v), at(2 * u + 1, 2 * v + 1)]));
  }
  return { shape: [n, oh, ow, c], data: out };
}

export const maxPool2x2 = (x: HT): HT => pool2x2(x, H.max);
export const avgPool2x2 = (x: HT): HT => pool2x2(x, (w) => H.scale(H.sum(w), 0.25));

/** Mean over height and width: [n, h, w, c] → [n, c]. */
export function globalAvgPool(x: HT): HT {
  const [n, h, w, c] = x.shape;
  const out: HD[] = [];
  for (let b = 0; b < n; b++) for (let k = 0; k < c; k++) {
    const cells: HD[] = [];
    for (let p = 0; p < h * w; p++) cells.push(x.data[(b * h * w + p) * c + k]);
    out.push(H.scale(H.sum(cells), 1 / (h * w)));
  }
  return { shape: [n, c], data: out };
}

/** Σᵢ ½‖outᵢ − yᵢ‖². */
export function squaredLossSum(out: HT, y: readonly number[]): HD {
  return H.scale(H.sum(out.data.map((o, i) => H.square(H.addConst(o, -y[i])))), 0.5);
}

/** −Σᵢ Σⱼ yᵢⱼ log softmax(zᵢ)ⱼ, with log-sum-exp computed by its definition (shifted for range). */
export function softmaxCrossEntropySum(z: HT, y: readonly number[]): HD {
  const [n, k] = z.shape;
  let total = H.ZERO;
  for (let r = 0; r < n; r++) {
    const row = z.data.slice(r * k, (r + 1) * k);
    const m = Math.max(...row.map((v) => v.a));
    const lse = H.addConst(H.log(H.sum(row.map((v) => H.exp(H.addConst(v, -m))))), m);
    for (let j = 0; j < k; j++) total = H.sub(total, H.scale(H.sub(row[j], lse), y[r * k + j]));
  }
  return total;
}

/** (wd/2)·Σ w² over the given tensors. */
export function weightDecay(params: readonly HT[], wd: number): HD {
  return H.scale(H.sum(params.flatMap((p) => p.data.map(H.square))), wd / 2);
}
