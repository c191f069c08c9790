/**
 * Disk faults as they happen in life, through the CLI: a run store on a real (small) tmpfs that
 * fills up at many different moments, the same store remounted read-only, and a store this user may
 * not write. Each fault must be one line naming the path and the fix, leave no lock behind and a
 * status that is not `finished`, and a re-run once the disk has room must finish with records
 * byte-identical to an undisturbed run. Mounting needs root (CI runs as root); elsewhere it skips.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { skipUnlessCi } from '../helpers/skip-unless-ci';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'sharpness-lab.js');
const NOBODY = 65534;

// 3000 steps write ~300 KB of records and ~140 KB of timings, checkpointing every 100 steps:
// tmpfs sizes from 12 KB to 456 KB fill up while writing config/status, records, timings or a checkpoint.
const CONFIG = {
  seed: 0, data: { source: 'synthetic', task: 'chebyshev', n: 20, options: { degree: 4 } },
  model: { arch: 'mlp', inputDim: 1, hidden: [20, 20], outputDim: 1, activation: 'tanh' },
  loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: 0.1 }, steps: 3000, checkpointEvery: 100,
  sharpness: { every: 0 },
};
const FILL_LEVELS_KB = [8, 12, 120, 200, 320, 432];

function cli(args: string[], options: SpawnSyncOptions = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', ...options }) as
    { status: number | null; stdout: string; stderr: string };
}

function sh(command: string, args: string[]): void {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr || r.error}`);
}

/** Why this machine cannot mount a tmpfs here, or undefined when it can. */
function cannotMount(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux tmpfs';
  if (process.getuid?.() !== 0) return 'needs root to mount a small tmpfs (CI runs as root)';
  return undefined;
}

/** The single run folder under `root`. */
function runDir(root: string): string {
  const [hash] = fs.readdirSync(root).filter((n) => /^[0-9a-f]{16}$/.test(n));
  return path.join(root, hash);
}

/** The one error line the CLI printed (a progress bar may precede it on stderr). */
function errorLine(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => l.startsWith('sharpness-lab run:'));
  assert.equal(lines.length, 1, stderr);
  return lines[0];
}

describe('disk faults under a real run store', () => {
  let dir: string;
  let configFile: string;
  let reference: Buffer;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'disk-faults-'));
    fs.chmodSync(dir, 0o755); // readable by the unprivileged user of the permission test
    configFile = path.join(dir, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify(CONFIG), { mode: 0o644 });
    const ok = cli(['run', '--config', configFile, '--root', path.join(dir, 'reference')]);
    assert.equal(ok.status, 0, ok.stderr);
    reference = fs.readFileSync(path.join(runDir(path.join(dir, 'reference')), 'records.jsonl'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Mounts a tmpfs of `kb` KiB at a fresh folder, runs `body`, and always unmounts it. */
  function withTmpfs(kb: number, body: (mount: string) => void): void {
    const mount = fs.mkdtempSync(path.join(dir, `tmpfs-${kb}k-`));
    sh('mount', ['-t', 'tmpfs', '-o', `size=${kb}k,mode=755`, 'tmpfs', mount]);
    try {
      body(mount);
    } finally {
      sh('umount', [mount]);
    }
  }

  it('a disk that fills up at any moment gives one line naming the file, no lock, and a resumable run', (t) => {
    const why = cannotMount();
    if (why) return skipUnlessCi(t, why);
    const failedFiles = new Set<string>();
    for (const kb of FILL_LEVELS_KB) {
      withTmpfs(kb, (mount) => {
        const full = cli(['run', '--config', configFile, '--root', mount]);
        assert.equal(full.status, 1, `${kb} KB: ${full.stdout}`);
        const line = errorLine(full.stderr);
        assert.match(line, new RegExp(`^sharpness-lab run: ${mount}/[0-9a-f]{16}/\\S+: no space left on the device while .+; free some space, then run the same command again`), `${kb} KB`);
        failedFiles.add(path.basename(line.split(': ')[1]));
        const run = runDir(mount);
        assert.ok(!fs.existsSync(path.join(run, 'run.lock')), `${kb} KB: the lock outlived the process`);
        const status = fs.existsSync(path.join(run, 'status.json')) ? JSON.parse(fs.readFileSync(path.join(run, 'status.json'), 'utf8')) : undefined;
        assert.ok(status === undefined || ['running', 'failed'].includes(status.state), `${kb} KB: status ${JSON.stringify(status)}`);

        sh('mount', ['-o', 'remount,size=4m', mount]); // the user frees space
        const resumed = cli(['run', '--config', configFile, '--root', mount]);
        assert.equal(resumed.status, 0, `${kb} KB: ${resumed.stderr}`);
        assert.ok(fs.readFileSync(path.join(run, 'records.jsonl')).equals(reference), `${kb} KB: records differ from an undisturbed run`);
        assert.equal(JSON.parse(fs.readFileSync(path.join(run, 'status.json'), 'utf8')).state, 'finished');
      });
    }
    // The levels hit more than one kind of write (status/config, the JSON-lines files, the checkpoint).
    assert.ok(failedFiles.size >= 3, [...failedFiles].join(', '));
  });

  it('a read-only store: a new run is refused in one line, a finished run is still read', (t) => {
    const why = cannotMount();
    if (why) return skipUnlessCi(t, why);
    withTmpfs(2048, (mount) => {
      const trained = cli(['run', '--config', configFile, '--root', mount]);
      assert.equal(trained.status, 0, trained.stderr);
      sh('mount', ['-o', 'remount,ro', mount]);
      const reused = cli(['run', '--config', configFile, '--root', mount]);
      assert.equal(reused.status, 0, reused.stderr);
      assert.match(reused.stdout, /^reused: 3001 records/m);
      const other = path.join(dir, 'other.json');
      fs.writeFileSync(other, JSON.stringify({ ...CONFIG, seed: 1 }), { mode: 0o644 });
      const refused = cli(['run', '--config', other, '--root', mount]);
      assert.equal(refused.status, 1);
      assert.match(errorLine(refused.stderr), new RegExp(`^sharpness-lab run: ${mount}: the file system is read-only while creating the run folder ${mount}/[0-9a-f]{16}; use a writable runs folder \\(--root DIR or \\$SHARPNESS_LAB_RUNS\\)$`));
    });
  });

  it('a store this user may not write: one line naming the folder, for a new run and for resuming one', (t) => {
    const why = cannotMount();
    if (why) return skipUnlessCi(t, why);
    const asNobody = { uid: NOBODY, gid: NOBODY, env: { ...process.env, HOME: dir } };
    withTmpfs(200, (mount) => {
      const full = cli(['run', '--config', configFile, '--root', mount]); // root's run stops on the full disk
      assert.equal(full.status, 1);
      sh('mount', ['-o', 'remount,size=4m', mount]);
      const other = path.join(dir, 'nobody.json');
      fs.writeFileSync(other, JSON.stringify({ ...CONFIG, seed: 2 }), { mode: 0o644 });
      const fresh = cli(['run', '--config', other, '--root', mount], asNobody);
      assert.equal(fresh.status, 1, fresh.stderr);
      assert.match(errorLine(fresh.stderr), new RegExp(`^sharpness-lab run: ${mount}: permission denied while creating the run folder ${mount}/[0-9a-f]{16}; make it writable for this user`));
      const resume = cli(['run', '--config', configFile, '--root', mount], asNobody);
      assert.equal(resume.status, 1, resume.stderr);
      assert.match(errorLine(resume.stderr), new RegExp(`^sharpness-lab run: ${runDir(mount)}/run.lock: permission denied while taking the run lock; make it writable for this user`));
      assert.ok(!fs.existsSync(path.join(runDir(mount), 'run.lock')));
    });
  });
});
