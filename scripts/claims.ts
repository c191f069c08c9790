/**
 * The claims checker: reads the runs of `experiments.claimRuns(scale)` from the run store (no
 * training) and prints one row per claim of docs/claims.md with the measured numbers, the threshold
 * and pass / FAIL / n/a. A report, not a test: the exit code is 0 whatever the verdicts (2 for
 * bad arguments). Missing runs make the claims that need them n/a and are listed.
 *
 *   tsx scripts/claims.ts [--scale smoke|default|paper] [--subset first|balanced:SEED] [--json] [--runs DIR]
 */
import { parseArgs } from 'util';
import { analysis, experiments, initBackend, NUMERICS_VERSION } from '../src';
import type { RunListing, ScalePreset } from '../src';

const { experimentScale, claimRuns, storedRuns, describeRun, onSubset, parseSubsetChoice, subsetName } = experiments;
const { evaluateClaims } = analysis;
type ClaimResult = analysis.ClaimResult;


// node's util.parseArgs: strict (unknown options are errors), no dependency.
function parseOptions(argv: string[]): { scale: ScalePreset; json: boolean; runs?: string; subset: experiments.SubsetChoice } {
  const { values: v } = parseArgs({
    args: argv, strict: true,
    options: { scale: { type: 'string', default: 'default' }, json: { type: 'boolean', default: false }, runs: { type: 'string' }, subset: { type: 'string', default: 'first' } },
  });
  experimentScale(v.scale as ScalePreset);
  return { scale: v.scale as ScalePreset, json: v.json ?? false, runs: v.runs, subset: parseSubsetChoice(v.subset ?? 'first') };
}

/** Splits text into lines of at most `width` characters at '; ' or spaces. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

function verdict(c: ClaimResult): string {
  return c.pass === null ? 'n/a' : c.pass ? 'pass' : 'FAIL';
}

async function main(): Promise<void> {
  let o: ReturnType<typeof parseOptions>;
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  }
  process.env.SHARPNESS_LAB_SCALE = o.scale; // unpublished scales are read from scratch/runs/<scale>/, where reproduce put them
  const scale = experimentScale(o.scale);
  const wanted = claimRuns(scale).map((c) => onSubset(c, o.subset));
  const backend = await initBackend();
  const { found, missing, damaged, corrupt, others } = storedRuns(wanted, backend, o.runs);
  const claims = evaluateClaims(found, scale.sweepEta);
  const seconds = found.reduce((s, r) => s + r.seconds, 0);
  const backends = found.length ? [backend.path] : []; // runs are read only for this machine's compute path
  if (o.json) {
    console.log(JSON.stringify({
      scale: o.scale, runs: {
        wanted: wanted.length, found: found.length, missing: missing.map((c) => describeRun(c).label),
        damaged: damaged.map((d) => ({ run: describeRun(d.config).label, dir: d.dir, reason: d.reason })),
        corrupt,
      },
      backends, trainingSeconds: Math.round(seconds), claims,
    }, null, 2));
    return;
  }
  console.log(`Claims at scale ${o.scale}${o.subset.rule === 'first' ? '' : ` on subset ${subsetName(o.subset)}`}: ${found.length}/${wanted.length} runs in the store (backend ${backends.join(', ') || '-'}), ` +
    `training time ${(seconds / 60).toFixed(1)} min summed over runs`);
  if (missing.length) {
    console.log(`missing ${missing.length} runs (train them: npm run reproduce -- --scale ${o.scale}): ` +
      missing.slice(0, 8).map((c) => describeRun(c).label).join('; ') + (missing.length > 8 ? '; …' : ''));
  }
  // Damaged runs count as missing for the claims; each says what is wrong and how to fix it.
  for (const d of damaged) console.log(`damaged: ${describeRun(d.config).label}: ${d.reason}`);
  if (others.length) console.log(`not read: ${others.length} runs of these configs under other identities (${identities(others)}); this machine computes on ${describePath(backend.path, backend.versions)}, numerics ${NUMERICS_VERSION}`);
  // A folder whose config.json is unreadable cannot be matched to a claim's run: listed, never called missing silently.
  for (const c of corrupt) console.log(`corrupt: ${c.reason}`);
  console.log('');
  const width = Math.max(60, Math.min(140, (process.stdout.columns ?? 120) - 14));
  console.log(`${'claim'.padEnd(6)}${'result'.padEnd(8)}statement / threshold / measured`);
  console.log('-'.repeat(width + 14));
  for (const c of claims) {
    console.log(`${c.id.padEnd(6)}${verdict(c).padEnd(8)}${c.claim}`);
    for (const [head, text] of [['threshold', c.threshold], ['measured', c.measured]] as const) {
      wrap(`${head}: ${text}`, width).forEach((l) => console.log(`${' '.repeat(14)}${l}`));
    }
  }
  const count = (p: boolean | null) => claims.filter((c) => c.pass === p).length;
  console.log('-'.repeat(width + 14));
  console.log(`${count(true)} pass, ${count(false)} fail, ${count(null)} n/a (a report: exit code 0 either way; --json for the numbers)`);
}

/** "wasm+blas (blas OpenBLAS 0.3.21, 1 thread)": the parts of a path that change the numbers. */
function describePath(path: string, versions: Readonly<Record<string, unknown>>): string {
  const dnnl = versions.dnnl ? `, ${String(versions.dnnl)}` : '';
  const blas = versions.blas ? ` (blas ${String(versions.blas)}, ${String(versions['blas-threads'])} thread(s)${dnnl})` : '';
  return `${path}${blas}`;
}

/** The distinct compute paths and numerics versions of runs, e.g. "wasm, numerics none: 51". */
function identities(runs: readonly RunListing[]): string {
  const counts = new Map<string, number>();
  for (const r of runs) {
    const key = `${describePath(String(r.config.backend ?? '?'), (r.config.versions ?? {}) as Record<string, unknown>)}, numerics ${String(r.config.numerics ?? 'none')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k}: ${n}`).join('; ');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
