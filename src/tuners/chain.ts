/**
 * `chain(a, b, …)`: the direction goes through each transformation in turn (optax.chain). States
 * are kept side by side under `<index>/<key>`; the step size is the product of the pieces' step
 * sizes and the diagnostics are merged. A chain of one tuner is that tuner.
 */
import { disposeParams, Params } from '../model/params';
import { Tuner, TunerContext, TunerDiagnostics, TunerState, TunerUpdate } from './tuner';

/**
 * @example chain(precondition(diagonal), armijoTuner({ kind: 'armijo' })) // a line search along −P∇f
 */
export function chain(...tuners: Tuner[]): Tuner {
  if (tuners.length === 0) throw new Error('chain needs at least one transformation');
  if (tuners.length === 1) return tuners[0];
  const slice = (state: TunerState, i: number): TunerState => Object.fromEntries(
    Object.entries(state).filter(([k]) => k.startsWith(`${i}/`)).map(([k, v]) => [k.slice(`${i}/`.length), v]));
  return {
    name: tuners.map((t) => t.name).join(' → '),
    init: () => Object.assign({}, ...tuners.map((t, i) => prefixed(t.init(), i))),
    async update(direction: Params, state: TunerState, ctx: TunerContext): Promise<TunerUpdate> {
      let current = direction;
      let stepSize: number | undefined;
      const diagnostics: TunerDiagnostics[] = [];
      const next: Record<string, number>[] = [];
      try {
        for (const [i, tuner] of tuners.entries()) {
          const out = await tuner.update(current, slice(state, i), ctx);
          if (current !== direction) disposeParams(current); // intermediate directions belong to the chain
          current = out.direction;
          if (out.info.stepSize !== undefined) stepSize = (stepSize ?? 1) * out.info.stepSize;
          diagnostics.push(out.info.diagnostics);
          next.push(prefixed(out.state, i));
        }
      } catch (err) {
        if (current !== direction) disposeParams(current);
        throw err;
      }
      return { direction: current, state: Object.assign({}, ...next), info: { stepSize, diagnostics: Object.assign({}, ...diagnostics) } };
    },
  };
}

function prefixed(state: TunerState, i: number): Record<string, number> {
  return Object.fromEntries(Object.entries(state).map(([k, v]) => [`${i}/${k}`, v]));
}
