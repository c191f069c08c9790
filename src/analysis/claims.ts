/**
 * The testable claims of PAPER.md §5 evaluated on run summaries, one row per (claim, run), so a
 * notebook can show in a table whether its runs agree with the paper. Thresholds are PAPER.md's
 * (ours, not the paper's): e.g. "at the edge" = late median η·λ within [1.8, 2.2].
 */
import { RunSummary, bestConstant } from './summary';

/** One claim checked on one run. */
export interface ClaimCheck {
  readonly claim: string;
  readonly run: string;
  readonly quantity: string;
  readonly value: number;
  readonly criterion: string;
  readonly holds: boolean;
}

const check = (claim: string, run: string, quantity: string, value: number, criterion: string, holds: boolean): ClaimCheck =>
  ({ claim, run, quantity, value, criterion, holds: Number.isFinite(value) && holds });

/** C9: constant-step runs that did not diverge sit at the edge late in training. */
export function edgeOfStabilityChecks(rows: readonly RunSummary[]): ClaimCheck[] {
  return rows.filter((r) => r.method === 'constant' && !r.diverged).map((r) =>
    check('C9 constant GD at the edge', r.run, 'median η·λ (last half)', r.median_eta_lambda, 'in [1.8, 2.2]',
      r.median_eta_lambda >= 1.8 && r.median_eta_lambda <= 2.2));
}

/** C1–C2: Armijo loses to the best constant step, its sharpness keeps growing, it stays at or below the edge. */
export function armijoChecks(rows: readonly RunSummary[]): ClaimCheck[] {
  const best = bestConstant(rows);
  return rows.filter((r) => r.method.startsWith('armijo')).flatMap((r) => [
    check('C1 Armijo loses to the best constant', r.run, `final loss / best constant's (${best?.setting ?? 'none'})`,
      best ? r.final_loss / best.final_loss : NaN, '> 1', best !== undefined && r.final_loss > best.final_loss),
    check('C2 Armijo sharpness keeps growing', r.run, 'slope of log λ vs log t (last half)', r.lambda_slope, '> 0', r.lambda_slope > 0),
    check('C2 Armijo stays below the edge', r.run, 'median η·λ (last half)', r.median_eta_lambda, '≤ 2', r.median_eta_lambda <= 2),
  ]);
}

/** C3–C4: Polyak at or beyond the edge, and better than Armijo and the best constant step. */
export function polyakChecks(rows: readonly RunSummary[]): ClaimCheck[] {
  const best = bestConstant(rows);
  const armijo = rows.filter((r) => r.method.startsWith('armijo') && !r.diverged);
  const bar = Math.min(best?.final_loss ?? Infinity, ...armijo.map((r) => r.final_loss));
  return rows.filter((r) => r.method === 'polyak').flatMap((r) => [
    check('C3 Polyak at or beyond the edge', r.run, 'median η·λ (last half)', r.median_eta_lambda, '≥ 1.8', r.median_eta_lambda >= 1.8),
    check('C3 Polyak crosses the edge', r.run, 'fraction of η·λ > 2 (last half)', r.frac_above_2, '> 0', r.frac_above_2 > 0),
    check('C4 Polyak wins', r.run, 'final loss / min(best constant, Armijo)', Number.isFinite(bar) ? r.final_loss / bar : NaN, '< 1', r.final_loss < bar),
  ]);
}
