/**
 * A throwaway single-node Slurm cluster for tests: munged, slurmctld and slurmd started as root
 * from Debian's packages, with everything (munge key and socket, slurm.conf naming this host with
 * CPUs=2, state, spool, logs, PID files) in one temp folder, and ports of its own, so nothing of
 * the machine's own configuration is used or changed. `stop` ends the daemons it started.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface SlurmCluster {
  /** The folder holding everything. */
  readonly dir: string;
  /** Environment for Slurm's clients (SLURM_CONF). */
  readonly env: NodeJS.ProcessEnv;
  /** Ends the daemons (idempotent) and removes the folder. */
  stop(): void;
}

const DAEMONS = ['/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/bin/squeue'];

/** Why a cluster cannot be started here, or undefined when it can. */
export function slurmUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux';
  if (process.getuid?.() !== 0) return 'needs root (slurmd and munged run as root)';
  if (!fs.existsSync('/etc/debian_version')) return "needs Debian's Slurm packages";
  const missing = DAEMONS.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) return `Slurm is not installed (missing ${missing.join(', ')}; npm run setup installs slurmctld slurmd slurm-client munge)`;
  return undefined;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

/** SIGTERM to each daemon of the PID files, then waits (up to 10 s) until they have exited. */
function stopDaemons(files: readonly string[]): void {
  const pids = files.filter((f) => fs.existsSync(f)).map((f) => Number(fs.readFileSync(f, 'utf8').trim())).filter((p) => p > 0);
  const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
  for (const pid of pids) try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
  const t0 = Date.now();
  while (pids.some(alive) && Date.now() - t0 < 10_000) spawnSync('sleep', ['0.2']);
}

/**
 * Starts the cluster and waits until its node is idle (about 5 s here).
 * @throws with the daemons' log tails when it does not come up within 60 s (the daemons are stopped).
 */
export async function startSlurmCluster(): Promise<SlurmCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-slurm-'));
  for (const sub of ['state', 'spool', 'log']) fs.mkdirSync(path.join(dir, sub));
  const file = (name: string) => path.join(dir, name);
  fs.writeFileSync(file('munge.key'), crypto.randomBytes(1024), { mode: 0o400 });
  const host = os.hostname().split('.')[0];
  const port = 20000 + (process.pid % 20000) * 2; // two ports of our own (controller, node daemon)
  fs.writeFileSync(file('slurm.conf'), [
    'ClusterName=sharpnesslabtest', `SlurmctldHost=${host}`,
    // cred_expire: how long a requeued task waits before it may start again (default 120 s)
    'AuthType=auth/munge', `AuthInfo=socket=${file('munge.socket')},cred_expire=10`, 'CredType=cred/munge',
    'SlurmUser=root', 'SlurmdUser=root', `SlurmctldPort=${port}`, `SlurmdPort=${port + 1}`,
    `StateSaveLocation=${file('state')}`, `SlurmdSpoolDir=${file('spool')}`,
    `SlurmctldPidFile=${file('slurmctld.pid')}`, `SlurmdPidFile=${file('slurmd.pid')}`,
    `SlurmctldLogFile=${file('log/slurmctld.log')}`, `SlurmdLogFile=${file('log/slurmd.log')}`,
    'ProctrackType=proctrack/linuxproc', 'TaskPlugin=task/none', 'MpiDefault=none',
    'SchedulerType=sched/backfill', 'SelectType=select/cons_tres', 'SelectTypeParameters=CR_CPU',
    'ReturnToService=2', 'JobAcctGatherType=jobacct_gather/none', 'AccountingStorageType=accounting_storage/none',
    'JobCompType=jobcomp/none', 'MinJobAge=600',
    `NodeName=${host} CPUs=2 State=UNKNOWN`,
    `PartitionName=test Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    '',
  ].join('\n'));
  const env = { ...process.env, SLURM_CONF: file('slurm.conf') };
  const stop = () => stopDaemons(['slurmd.pid', 'slurmctld.pid', 'munged.pid'].map(file));
  try {
    run('/usr/sbin/munged', [`--key-file=${file('munge.key')}`, `--socket=${file('munge.socket')}`, `--pid-file=${file('munged.pid')}`,
      `--log-file=${file('log/munged.log')}`, `--seed-file=${file('munge.seed')}`, '--force']);
    run('/usr/sbin/slurmctld', ['-f', file('slurm.conf')], env);
    run('/usr/sbin/slurmd', ['-f', file('slurm.conf')], env);
    const t0 = Date.now();
    for (;;) {
      const r = spawnSync('sinfo', ['--noheader', '--format=%T'], { env, encoding: 'utf8' });
      if (r.status === 0 && r.stdout.trim() === 'idle') break;
      if (Date.now() - t0 > 60_000) {
        const tail = (f: string) => fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').slice(-5).join('\n') : '(no log)';
        throw new Error(`the test cluster did not come up in 60 s (sinfo: ${r.stdout.trim() || r.stderr.trim()})\n` +
          `slurmctld: ${tail(file('log/slurmctld.log'))}\nslurmd: ${tail(file('log/slurmd.log'))}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } catch (err) {
    stop();
    throw err;
  }
  let stopped = false;
  return {
    dir, env,
    stop: () => {
      if (stopped) return;
      stopped = true;
      stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
