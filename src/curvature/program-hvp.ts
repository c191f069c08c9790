/**
 * Exact HVPs of the kit's conv nets (VGG11, ResNet34: any layer program, src/model/layer-program.ts)
 * by the written-out R-operator (program-rop.ts), as mlp-hvp.ts does for MLPs. The passes at w are
 * computed once per parameter point and kept while they fit a memory budget, so each H·v of an
 * eigen-solve costs 1–1.75 gradients (measured at width 1/8) where double backprop costs 3.6–3.9;
 * chunks beyond the budget redo their passes per apply (the same operations, so the same bits).
 * Same Hessian as double backprop: tests compare both with the float64 hyper-dual HVP.
 */
import { Params } from '../model/params';
import { LayerProgram, programOf } from '../model/layer-program';
import { Objective } from '../objective/objective';
import { Dataset } from '../data/dataset';
import { DEFAULT_CHUNK_SIZE } from './hvp-chunks';
import { lossKindOf } from './output-curvature';
import { DEFAULT_KEPT_BYTES, PointHvp, ROperator, keptPointHvp, oneOffHvp } from './point-hvp';
import { ChunkTrace, tracePasses } from './program-passes';
import { chunkProgramHvp } from './program-rop';

/**
 * The R-operator HVP of `obj` at `params` on `data`, keeping the passes at w of as many chunks as
 * `keptBytes` allows, or undefined when `obj` is not a layer-program objective the kit built
 * (forward from vgg11()/resnet34(), loss `squaredLossSum` or `softmaxCrossEntropySum`). At width
 * 0.125 with ReLU the passes take 0.26 MB per image for VGG11 and 1.5 MB for ResNet34 (tanh: 0.33 /
 * 1.9 MB, σ''⊙e is kept too), so the default 2 GiB holds 1000 images of either.
 * @param keptBytes bound on kept passes (default 2 GiB; 0 keeps none).
 * @example const h = programPointHvp(obj, params, data); if (h) { const hv = h.apply(v); …; h.dispose(); }
 */
export function programPointHvp(obj: Objective, params: Params, data: Dataset, chunkSize = DEFAULT_CHUNK_SIZE, keptBytes = DEFAULT_KEPT_BYTES): PointHvp | undefined {
  const op = programROperator(obj);
  return op && keptPointHvp(op, obj, params, data, chunkSize, keptBytes);
}

/**
 * One R-operator H·v at w without keeping the passes (memory of one chunk), bitwise equal to
 * {@link programPointHvp}'s apply; undefined for objectives that are not layer programs.
 * @example const hv = programHvp(obj, params, data, v) ?? doubleBackpropHvp(obj, params, data, v);
 */
export function programHvp(obj: Objective, params: Params, data: Dataset, v: Params, chunkSize = DEFAULT_CHUNK_SIZE): Params | undefined {
  const op = programROperator(obj);
  return op && oneOffHvp(op, obj, params, data, v, chunkSize);
}

function programROperator(obj: Objective): ROperator<ChunkTrace> | undefined {
  const program: LayerProgram | undefined = programOf(obj.forward);
  const loss = lossKindOf(obj);
  if (program === undefined || loss === undefined) return undefined;
  return {
    model: 'network',
    passes: (ws, x, y) => tracePasses(program, loss, ws, x, y),
    chunkHvp: (ws, vs, trace) => chunkProgramHvp(loss, ws, vs, trace),
    tensors: (trace) => trace.owned,
  };
}
