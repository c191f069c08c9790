/**
 * The run a run folder was planned for (`planRun`, e.g. by `reproduce --executor slurm`): its
 * config.json holds the run's identity, so a batch task needs only the folder. The task must
 * compute on the same path with the same versions and numerics as the planner, or its records
 * would belong to another folder: that is checked before anything is trained.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BackendInfo } from '../backend/select-backend';
import { isJsonObject } from '../checkpoint/json-codec';
import { runHash, runIdentity, RunIdentity } from './run-identity';
import { RunConfig } from './run-config';

/**
 * @param dir a run folder `<root>/<hash>` whose config.json was written by planRun or openRun.
 * @param backend the compute path of this process.
 * @returns the run config, and the runs folder (dir's parent) to open it in.
 * @throws when config.json is missing or not a run identity, or when this process would compute
 *   the run under another identity (the message names what differs).
 * @example const { config, root } = readPlannedRun('/shared/runs/0a1b2c3d4e5f6a7b', await initBackend());
 */
export function readPlannedRun(dir: string, backend: BackendInfo): { config: RunConfig; root: string } {
  const file = path.join(dir, 'config.json');
  if (!fs.existsSync(file)) throw new Error(`${file}: not found; --run-dir takes a run folder planned by 'reproduce --executor slurm'`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!isJsonObject(json) || !isJsonObject(json.run) || typeof json.backend !== 'string') {
    throw new Error(`${file}: not a run identity ({run, backend, versions, numerics})`);
  }
  const planned = json as unknown as RunIdentity;
  const config = planned.run as RunConfig;
  const hash = runHash(config, backend);
  if (hash !== path.basename(dir)) {
    throw new Error(`${dir}: this process would store the run as ${hash}: ${differences(planned, runIdentity(config, backend))}; ` +
      'run the task where the planner ran (same backend, libraries, SHARPNESS_LAB_BLAS_THREADS), or plan again on this machine');
  }
  return { config, root: path.dirname(dir) };
}

function differences(planned: RunIdentity, here: RunIdentity): string {
  const out: string[] = [];
  if (planned.backend !== here.backend) out.push(`backend ${planned.backend} planned, ${here.backend} here`);
  if (planned.numerics !== here.numerics) out.push(`numerics version ${planned.numerics} planned, ${here.numerics} here`);
  const keys = new Set([...Object.keys(planned.versions ?? {}), ...Object.keys(here.versions)]);
  for (const k of [...keys].sort()) {
    const a = planned.versions?.[k], b = here.versions[k];
    if (a !== b) out.push(`${k} ${a ?? '(none)'} planned, ${b ?? '(none)'} here`);
  }
  return out.length > 0 ? out.join('; ') : 'the resolved config differs (planned by another version of the kit)';
}
