/** The bench cases: which network, how many CIFAR-10 images, chunking, repeats and extras. */
import { ModelSpec } from '../../src';
import { BenchOptions } from './options';

export interface BenchCase {
  /** Row label, e.g. 'mlp-tanh' or 'mlp-tanh-50k'. */
  readonly name: string;
  readonly spec: ModelSpec;
  /** Training images (the first n of CIFAR-10's training set). */
  readonly n: number;
  /** Examples per chunk of the full-batch loss, gradient and HVP. */
  readonly chunk: number;
  readonly reps: number;
  /** Whether to run Lanczos cold and warm (ours; PyTorch too when `torchLanczos`). */
  readonly lanczos: boolean;
  readonly torchLanczos: boolean;
  /** Step between the cold and the warm Lanczos: w ← w − (warmStep/λ1)·∇F (default 1). */
  readonly warmStep?: number;
  /** Images of the PyTorch cross-check (0: none). */
  readonly crossN: number;
  /** 'grad-hvp': only the loss, gradient and HVP rows (the 50000-image case). */
  readonly only?: 'grad-hvp';
}

/**
 * The cases selected by the options, in run order.
 * @example benchCases(parseOptions(['--quick'])).map((c) => c.name)
 */
export function benchCases(o: BenchOptions): BenchCase[] {
  const cases: BenchCase[] = [];
  for (const name of o.models) {
    if (name === 'mlp-tanh' || name === 'mlp-relu') {
      const activation = name === 'mlp-tanh' ? 'tanh' : 'relu';
      const spec: ModelSpec = { arch: 'mlp', inputDim: 3072, hidden: [200, 200], outputDim: 10, activation };
      cases.push({ name, spec, n: o.nMlp, chunk: Math.min(o.nMlp, 5000), reps: o.reps, lanczos: o.lanczos, torchLanczos: o.torchLanczos, warmStep: o.warmStep, crossN: Math.min(o.nMlp, 500) });
    } else {
      const arch = name as 'vgg11' | 'resnet34';
      const spec: ModelSpec = { arch, widthMultiplier: o.width, inputShape: [32, 32, 3], outputDim: 10, activation: 'relu' };
      cases.push({ name, spec, n: o.nConv, chunk: Math.min(o.nConv, o.chunkConv), reps: o.reps, lanczos: o.lanczos, torchLanczos: o.torchLanczos, warmStep: o.warmStep, crossN: Math.min(o.nConv, 64) });
    }
  }
  if (o.fullBatch) {
    const spec: ModelSpec = { arch: 'mlp', inputDim: 3072, hidden: [200, 200], outputDim: 10, activation: 'tanh' };
    cases.push({ name: 'mlp-tanh-50k', spec, n: 50000, chunk: 5000, reps: Math.min(o.reps, 2), lanczos: false, torchLanczos: false, crossN: 0, only: 'grad-hvp' });
  }
  return cases;
}
