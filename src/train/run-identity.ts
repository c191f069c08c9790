/**
 * What a run's hash covers: everything that changes its numbers. The fully resolved config (every
 * default filled in), the compute path (backend, and the BLAS library and thread count where one
 * is used, and oneDNN's version and ISA where it runs the matmuls and convolutions: they change the
 * last bits), the TF.js versions, and the kit's numerics version. Training, the notebooks and the
 * claims checker all find runs through this one function.
 */
import { BackendInfo } from '../backend/select-backend';
import { NUMERICS_VERSION } from '../numerics-version';
import { configHash } from '../store/config-hash';
import { RunConfig, resolveRunConfig } from './run-config';

/** The JSON object a run is stored under (its config.json). */
export interface RunIdentity {
  readonly run: Required<RunConfig>;
  readonly backend: BackendInfo['path'];
  /** Library versions that can change the numbers (TF.js packages, BLAS and its threads, oneDNN; not Node). */
  readonly versions: Readonly<Record<string, string>>;
  readonly numerics: number;
}

/**
 * @param config a run config (validated and resolved here).
 * @param backend the compute path the run is (or was) computed on.
 * @example configHash(runIdentity(config, await initBackend())) // the run's folder name
 */
export function runIdentity(config: RunConfig, backend: BackendInfo): RunIdentity {
  const { node: _node, ...versions } = backend.versions; // the Node version does not change the numbers
  return { run: resolveRunConfig(config), backend: backend.path, versions, numerics: NUMERICS_VERSION };
}

/** The run store folder name of `config` on `backend`. */
export function runHash(config: RunConfig, backend: BackendInfo): string {
  return configHash(runIdentity(config, backend));
}
