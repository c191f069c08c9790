/**
 * Shared fixtures for trainer tests: a linear least-squares Experiment built by hand whose Hessian
 * XᵀX/n has a chosen spectrum, loop hooks that collect rows, temp run roots and small configs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { Dataset, disposeDataset } from '../../src/data/dataset';
import { Model } from '../../src/model/model';
import { Params } from '../../src/model/params';
import { squaredLossSum } from '../../src/objective/squared-loss';
import { Experiment } from '../../src/train/experiment';
import { RunConfig, resolveRunConfig } from '../../src/train/run-config';
import { LoopHooks, LoopState } from '../../src/train/train-loop';
import { StepRecord } from '../../src/train/step-record';
import { createRng } from '../../src/util/rng';
import { jacobiEigenvalues } from '../oracle/jacobi';

/** Orthonormal columns (rows × cols, row-major) by modified Gram–Schmidt on a seeded Gaussian. */
function orthonormalColumns(rows: number, cols: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const q = Float64Array.from({ length: rows * cols }, () => rng.normal());
  for (let j = 0; j < cols; j++) {
    for (let k = 0; k < j; k++) {
      let d = 0;
      for (let i = 0; i < rows; i++) d += q[i * cols + j] * q[i * cols + k];
      for (let i = 0; i < rows; i++) q[i * cols + j] -= d * q[i * cols + k];
    }
    let nrm = 0;
    for (let i = 0; i < rows; i++) nrm += q[i * cols + j] ** 2;
    for (let i = 0; i < rows; i++) q[i * cols + j] /= Math.sqrt(nrm);
  }
  return q;
}

export interface QuadraticExperiment {
  readonly exp: Experiment;
  /** Eigenvalues of XᵀX/n computed in float64 from the float32 X actually used, descending. */
  readonly eigenvalues: number[];
}

/**
 * f(w) = (1/2n)‖Xw − y‖² with a linear model x·W (no bias) and y = X·w* (so min f = 0): a
 * quadratic with Hessian XᵀX/n, whose spectrum is `spectrum` up to float32 rounding of X.
 * X = √n·Q·diag(√λ)·Rᵀ with Q (n×d) and R (d×d) orthonormal.
 */
export function quadraticExperiment(spectrum: readonly number[], n: number, seed: number): QuadraticExperiment {
  const d = spectrum.length;
  const q = orthonormalColumns(n, d, seed);
  const r = orthonormalColumns(d, d, seed + 1);
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += q[i * d + k] * Math.sqrt(n * spectrum[k]) * r[j * d + k];
    x[i * d + j] = s;
  }
  const rng = createRng(seed + 2);
  const wStar = Array.from({ length: d }, () => rng.normal());
  const y = Float32Array.from({ length: n }, (_, i) => wStar.reduce((s, w, j) => s + w * x[i * d + j], 0));
  const gram = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * d + a] * x[i * d + b];
    gram[a * d + b] = s / n;
  }
  const data: Dataset = {
    x: tf.tensor2d(x, [n, d], 'float32'), y: tf.tensor2d(y, [n, 1], 'float32'), n, layout: 'flat',
    description: { dataset: 'linear-least-squares', spectrum: [...spectrum], seed },
  };
  const model: Model = {
    spec: { arch: 'mlp', inputDim: d, hidden: [], outputDim: 1, activation: 'linear' },
    inputLayout: 'flat',
    init: (s: number): Params => {
      const g = createRng(s);
      return [{ name: 'w', value: tf.tensor2d(Float32Array.from({ length: d }, () => g.normal()), [d, 1], 'float32') }];
    },
    forward: (p: Params, input: tf.Tensor) => tf.matMul(input as tf.Tensor2D, p[0].value as tf.Tensor2D),
  };
  const exp: Experiment = {
    model, train: data, measure: data,
    objective: { forward: model.forward, lossSum: squaredLossSum, weightDecay: 0 },
    dispose: () => disposeDataset(data),
  };
  return { exp, eigenvalues: jacobiEigenvalues(gram, d) };
}

/** A resolved run config for trainLoop on a hand-built experiment (data/model fields unused). */
export function loopConfig(over: Partial<RunConfig>): Required<RunConfig> {
  return resolveRunConfig({
    seed: 0, data: { source: 'synthetic', task: 'teacher', n: 1 },
    model: { arch: 'mlp', inputDim: 1, hidden: [], outputDim: 1, activation: 'linear' },
    loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: 0.1 }, steps: 10, sharpness: { every: 0 },
    ...over,
  });
}

/** Hooks that keep every row in memory and ignore checkpoints. */
export function collectingHooks(extra: Partial<LoopHooks> = {}): { hooks: LoopHooks; rows: StepRecord[] } {
  const rows: StepRecord[] = [];
  return { rows, hooks: { onRecord: (row) => { rows.push(row); }, onCheckpoint: async () => undefined, ...extra } };
}

/**
 * The starting state of a loop from the model's seeded initialisation. Pass the fresh tuner's
 * `init()`: the loop hands `start.tunerState` to the tuner's first update.
 */
export function initialState(exp: Experiment, seed: number, tunerState: Readonly<Record<string, number>>): LoopState {
  return { step: 0, params: exp.model.init(seed), tunerState };
}

/** A fresh temp folder for a run store (removed by `removeDir`). */
export function tempRoot(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sharpness-lab-${tag}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The bytes of <dir>/records.jsonl. */
export function recordBytes(dir: string): Buffer {
  return fs.readFileSync(path.join(dir, 'records.jsonl'));
}

/** |x − ref| / |ref|. */
export function relErr(x: number, ref: number): number {
  return Math.abs(x - ref) / Math.abs(ref);
}
