/** The bench's stdout table and its summary of the performance targets (printed, never asserted). */
import { CaseResult } from './run-case';
import { TorchResult } from './torch';
import { PairedRatio } from './timing';

/** One case's two sides. */
export interface CaseReport {
  readonly ours: CaseResult;
  readonly torch: TorchResult;
}

const fmt = (x: number | undefined, digits = 3): string => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits));
const ratio = (a: number | undefined, b: number | undefined): string => (a && b ? (a / b).toFixed(2) : '-');

function row(label: string, ours: string, torch: string, r: string, cpu = ''): string {
  return `${''.padEnd(32)}${label.padEnd(28)}${ours.padStart(12)}${torch.padStart(13)}${r.padStart(14)}${cpu.padStart(11)}`;
}

/**
 * Table lines for every case: ours, PyTorch and the time ratio ours/PyTorch per measurement.
 * @example console.log(tableLines(reports).join('\n'));
 */
export function tableLines(reports: readonly CaseReport[]): string[] {
  const lines = [`${'model'.padEnd(14)}${'params'.padStart(9)}${'images'.padStart(7)}  ${'measurement'.padEnd(28)}${'ours (s)'.padStart(12)}${'PyTorch (s)'.padStart(13)}${'ours/PyTorch'.padStart(14)}${'CPU ratio'.padStart(11)}`];
  for (const { ours, torch } of reports) {
    const t = ours.timings;
    const p = torch.timings ?? {};
    const head = `${ours.name.padEnd(14)}${ours.params.toLocaleString('en-US').padStart(9)}${String(ours.n).padStart(7)}  `;
    // CPU ratio: our process CPU seconds over PyTorch's (all its threads): the work each side
    // does, much less sensitive than wall time to other load on a shared machine.
    const body: string[] = [
      row('loss (forward)', fmt(t.loss.wall), fmt(p.loss), ratio(t.loss.wall, p.loss), ratio(t.loss.cpu, p.lossCpu)),
      row('gradient', fmt(t.gradient.wall), fmt(p.gradient), ratio(t.gradient.wall, p.gradient), ratio(t.gradient.cpu, p.gradientCpu)),
      row('exact HVP', fmt(t.hvp.wall), fmt(p.hvp), ratio(t.hvp.wall, p.hvp), ratio(t.hvp.cpu, p.hvpCpu)),
      row('HVP / gradient', ratio(t.hvp.wall, t.gradient.wall), ratio(p.hvp, p.gradient), ''),
    ];
    if (t.hvpOverGradient) body.push(row(`  interleaved (${rangeText(t.hvpOverGradient)})`, t.hvpOverGradient.median.toFixed(2), '-', ''));
    if (t.hvpInSolve) {
      body.push(row('HVP in a solve (passes kept)', fmt(t.hvpInSolve.wall), '-', '', ''));
      body.push(row('  / gradient', ratio(t.hvpInSolve.wall, t.gradient.wall), '', ''));
    }
    if (t.armijo) {
      body.push(row(`Armijo step (${t.armijoTrials}/${p.armijoTrials ?? '-'} trials)`, fmt(t.armijo.wall), fmt(p.armijo), ratio(t.armijo.wall, p.armijo), ratio(t.armijo.cpu, p.armijoCpu)));
      body.push(row('Polyak step', fmt(t.polyak?.wall), fmt(p.polyak), ratio(t.polyak?.wall, p.polyak), ratio(t.polyak?.cpu, p.polyakCpu)));
    }
    if (t.lanczosCold) {
      body.push(row(`Lanczos cold (${t.lanczosColdHvps}/${p.lanczosColdHvps ?? '-'} HVPs)`, fmt(t.lanczosCold.wall, 2), fmt(p.lanczosCold, 2), ratio(t.lanczosCold.wall, p.lanczosCold)));
      body.push(row(`Lanczos warm (${t.lanczosWarmHvps}/${p.lanczosWarmHvps ?? '-'} HVPs)${ours.warmStep !== undefined && ours.warmStep !== 1 ? ` s=${ours.warmStep}` : ''}`, fmt(t.lanczosWarm?.wall, 2), fmt(p.lanczosWarm, 2), ratio(t.lanczosWarm?.wall, p.lanczosWarm)));
      body.push(row('λ1 cold, warm', `${fmt(t.lambdaCold, 2)},${fmt(t.lambdaWarm, 2)}`, `${fmt(p.lambdaCold, 2)},${fmt(p.lambdaWarm, 2)}`, ''));
    }
    body.push(row('CPU s: gradient, HVP', `${fmt(t.gradient.cpu, 2)},${fmt(t.hvp.cpu, 2)}`, `${fmt(p.gradientCpu, 2)},${fmt(p.hvpCpu, 2)}`, ''));
    body.push(row('peak RSS (GB)', fmt(ours.peakRssGB, 2), fmt(torch.peakRssGB, 2), ''));
    lines.push(head + body[0].slice(32), ...body.slice(1));
    lines.push(crossLine(torch));
  }
  return lines;
}

/** "2.54–2.74": the range of the interleaved pairs' ratios. */
function rangeText(r: PairedRatio): string {
  return `${r.min.toFixed(2)}–${r.max.toFixed(2)}`;
}

function crossLine(torch: TorchResult): string {
  const c = torch.cross;
  if (!c) return `${''.padEnd(32)}cross-check: ${torch.available ? 'not run' : 'skipped (no PyTorch)'}`;
  const d = (r: Record<string, number>) => `loss ${r.loss.toExponential(1)}, gradient ${r.gradient.toExponential(1)}, HVP ${r.hvp.toExponential(1)}`;
  const w = c.worstTensor.ours;
  return `  cross-check (first ${c.n} images, worst tensor) vs PyTorch float64: ${d(c.oursVsTorch64)} → ${c.pass ? 'PASS' : 'FAIL'} (≤ ${c.tolerance}; worst ${w.gradient}, ${w.hvp}); PyTorch float32: ${d(c.torch32VsTorch64)}`;
}

/**
 * The issue's targets against what was measured (met / not met), one line each.
 * @example summaryLines(reports).forEach((l) => console.log(l));
 */
export function summaryLines(reports: readonly CaseReport[]): string[] {
  const out: string[] = [];
  for (const { ours, torch } of reports) {
    const t = ours.timings;
    const p = torch.timings ?? {};
    const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
    if (p.gradient && p.hvp) {
      // The native-speed issue's targets: MLP ≤ 1.2x PyTorch (aim 1.0x), conv nets ≤ 2x.
      const [target, aim] = ours.name.startsWith('mlp') ? [1.2, 1.0] : [2.0, 1.5];
      const g = t.gradient.wall / p.gradient;
      const h = t.hvp.wall / p.hvp;
      const cpu = p.gradientCpu && p.hvpCpu ? `; CPU time ${(t.gradient.cpu / p.gradientCpu).toFixed(2)}x, ${(t.hvp.cpu / p.hvpCpu).toFixed(2)}x` : '';
      out.push(`${ours.name}: gradient ${g.toFixed(2)}x, HVP ${h.toFixed(2)}x PyTorch's wall time (target ≤ ${target}x: ${mark(g <= target && h <= target)}; aim ${aim}x: ${mark(g <= aim && h <= aim)})${cpu}`);
    }
    // Judged on the interleaved pairs when there are any: separate medians drift with the load.
    const paired = t.hvpOverGradient;
    const hg = paired?.median ?? t.hvp.wall / t.gradient.wall;
    const separate = `${paired ? `separate medians ${(t.hvp.wall / t.gradient.wall).toFixed(2)}x, ` : ''}CPU time ${(t.hvp.cpu / t.gradient.cpu).toFixed(2)}x`;
    const how = paired ? `median of ${paired.pairs} interleaved pairs, range ${rangeText(paired)}; ${separate}` : separate;
    out.push(`${ours.name}: HVP = ${hg.toFixed(2)}x gradient (target ≤ 2.5x: ${mark(hg <= 2.5)}; ${how})`);
    if (t.hvpInSolve) {
      const kg = t.hvpInSolve.wall / t.gradient.wall;
      out.push(`${ours.name}: HVP inside an eigen-solve (passes at w kept) = ${kg.toFixed(2)}x gradient (target ≤ 2.5x: ${mark(kg <= 2.5)})`);
    }
    if (t.lanczosWarmHvps !== undefined) {
      out.push(`${ours.name}: warm-started Lanczos reached ${fmt(t.warmResidual, 6)} relative residual in ${t.lanczosWarmHvps} HVPs (target ≤ 10: ${mark(t.lanczosWarmHvps <= 10)})`);
    }
    if (ours.name.endsWith('50k')) out.push(`${ours.name}: peak RSS ${ours.peakRssGB.toFixed(2)} GB over 50000 images in chunks of 5000 (bounded memory)`);
  }
  return out;
}
