/**
 * Turns a run config into the objects a run needs: the model, the objective (model + loss +
 * weight decay), the training set and the fixed full-batch set on which sharpness is measured.
 */
import { Dataset, disposeDataset, sliceRows } from '../data/dataset';
import { loadCifar10 } from '../data/cifar10-load';
import { Model, ModelSpec } from '../model/model';
import { createModel } from '../model/create-model';
import { Objective } from '../objective/objective';
import { squaredLossSum } from '../objective/squared-loss';
import { softmaxCrossEntropySum } from '../objective/cross-entropy';
import { DataConfig, RunConfig } from './run-config';
import { syntheticDataset } from '../data/synthetic-dataset';

export interface Experiment {
  readonly model: Model;
  readonly objective: Objective;
  readonly train: Dataset;
  /** The sharpness measurement set (the training set itself unless `sharpness.measureSize` < n). */
  readonly measure: Dataset;
  dispose(): void;
}

/**
 * The objective of a model under a loss: F(w) = (1/n) Σ ℓ(f(w; xᵢ), yᵢ) + (wd/2)‖w‖².
 * @example const obj = objectiveFor(model, 'mse', 0);
 */
export function objectiveFor(model: Model, loss: 'mse' | 'cross-entropy', weightDecay: number): Objective {
  return {
    forward: model.forward,
    lossSum: loss === 'mse' ? squaredLossSum : softmaxCrossEntropySum,
    weightDecay,
  };
}

/** Loads the data a config names, in the layout its model expects. */
export async function loadData(config: DataConfig, spec: ModelSpec, seed: number, cifar10Dir?: string): Promise<Dataset> {
  const layout = spec.arch === 'mlp' ? 'flat' : 'nhwc';
  if (config.source === 'cifar10') {
    return loadCifar10({
      dir: cifar10Dir,
      split: 'train',
      subset: { n: config.n, rule: config.subset ?? 'first', seed: config.subsetSeed ?? 0 },
      normalize: config.normalize ?? 'train-stats',
      layout,
    });
  }
  return syntheticDataset(config.task, config.n, config.seed ?? seed, config.options ?? {});
}

/**
 * Builds everything a run needs from its config.
 * @example const exp = await buildExperiment(config); ...; exp.dispose();
 */
export async function buildExperiment(config: RunConfig): Promise<Experiment> {
  const model = createModel(config.model);
  const train = await loadData(config.data, config.model, config.seed);
  const m = config.sharpness.measureSize;
  const measure = m !== undefined && m < train.n ? subsetDataset(train, m) : train;
  return {
    model,
    objective: objectiveFor(model, config.loss, config.weightDecay),
    train,
    measure,
    dispose: () => {
      if (measure !== train) disposeDataset(measure);
      disposeDataset(train);
    },
  };
}

function subsetDataset(data: Dataset, size: number): Dataset {
  const { x, y } = sliceRows(data, 0, size);
  return { ...data, x, y, n: size, labels: data.labels?.slice(0, size), description: { ...data.description, measureFirst: size } };
}
