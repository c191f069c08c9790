/**
 * `npm run golden`: trains the golden runs (scripts/golden-runs.ts) on the cpu and wasm paths, on
 * this machine's default path and on wasm+blas without oneDNN (the default uses it where it
 * loads), each in its own process, and prints their records' hashes.
 * `npm run golden -- --write` records them in test/train/golden-records.json under the current
 * NUMERICS_VERSION, and refuses to change an entry already recorded there: records that change
 * need a new numerics version (src/numerics-version.ts), so old runs are never read as current.
 *
 *   tsx scripts/golden.ts [--write]        (internal: --print, for one path in a child process)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { goldenHashes } from './golden-runs';
import { NUMERICS_VERSION } from '../src';

export const GOLDEN_FILE = path.resolve(__dirname, '..', 'test', 'train', 'golden-records.json');
type Golden = Record<string, Record<string, Record<string, string>>>;

/**
 * One path's hashes, computed in a child process with `SHARPNESS_LAB_BACKEND` set (undefined:
 * automatic) and `SHARPNESS_LAB_DNNL` set to `dnnl` (undefined: automatic; `off`: the BLAS alone).
 */
export function hashesOn(backendPath: string | undefined, dnnl?: 'off'): { key: string; hashes: Record<string, string> } {
  const env = { ...process.env };
  if (backendPath === undefined) delete env.SHARPNESS_LAB_BACKEND;
  else env.SHARPNESS_LAB_BACKEND = backendPath;
  if (dnnl === undefined) delete env.SHARPNESS_LAB_DNNL;
  else env.SHARPNESS_LAB_DNNL = dnnl;
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--print'], { encoding: 'utf8', env, cwd: path.resolve(__dirname, '..') });
  if (r.status !== 0) throw new Error(`golden runs on ${backendPath ?? 'the default path'}${dnnl ? ' without oneDNN' : ''} failed: ${r.stderr.trim().split('\n').pop()}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  if (process.argv.includes('--print')) {
    console.log(JSON.stringify(await goldenHashes()));
    return;
  }
  const golden: Golden = fs.existsSync(GOLDEN_FILE) ? JSON.parse(fs.readFileSync(GOLDEN_FILE, 'utf8')) : {};
  const version = String(NUMERICS_VERSION);
  const entry = golden[version] ?? {};
  const results = [hashesOn('cpu'), hashesOn('wasm'), hashesOn(undefined), hashesOn('wasm+blas', 'off')];
  let conflicts = 0;
  for (const { key, hashes } of results) {
    const old = entry[key];
    const changed = old && Object.keys({ ...old, ...hashes }).filter((name) => old[name] !== hashes[name]);
    if (changed && changed.length) {
      conflicts++;
      console.error(`numerics ${version}, ${key}: records of ${changed.join(', ')} differ from the pinned ones; bump NUMERICS_VERSION in src/numerics-version.ts`);
    }
    console.log(`${key}: ${JSON.stringify(hashes)}`);
    entry[key] = old ?? hashes;
  }
  if (conflicts) process.exit(1);
  if (process.argv.includes('--write')) {
    golden[version] = entry;
    fs.writeFileSync(GOLDEN_FILE, JSON.stringify(golden, null, 2) + '\n');
    console.log(`wrote ${path.relative(process.cwd(), GOLDEN_FILE)} (numerics ${version})`);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
