/**
 * One row of records.jsonl: what the trainer writes at each step and the analysis and notebooks
 * read. Row k describes the iterate w_k (loss, gradient norm, sharpness when measured) and the
 * update the tuner chose there (step size and its diagnostics); the last row has no update.
 * Column names are constants (`COLUMNS`) so no analysis spells them by hand.
 */
import type { TunerDiagnostics } from '../tuners/tuner';

/** The record columns, by meaning. */
export const COLUMNS = {
  step: 'step',
  epoch: 'epoch',
  loss: 'loss',
  fullLoss: 'full_loss',
  gradNorm: 'grad_norm',
  stepSize: 'step_size',
  lambda1: 'lambda_1',
  lambdaResidual: 'lambda_residual',
  hvps: 'hvps',
  etaLambda: 'eta_lambda',
  stepCurvature: 'rho_step',
  etaStepCurvature: 'eta_rho',
} as const;

/** The column of the i-th largest Hessian eigenvalue (1-based): `lambda_1`, `lambda_2`, … */
export const lambdaColumn = (i: number): `lambda_${number}` => `lambda_${i}`;

/**
 * One step's record. Optional fields are present only on the steps where they were measured.
 * A type literal (not an interface) so a record also reads as a plain row in generic analysis code.
 */
export type StepRecord = TunerDiagnostics & {
  /** Updates done before this row: the iterate is w_step. */
  readonly step: number;
  readonly epoch: number;
  /** f(w) on the step's batch (the full-batch loss in full-batch runs). */
  readonly loss: number;
  /** ‖∇f(w)‖ on the step's batch. */
  readonly grad_norm: number;
  /** The step size η of the update from w_step; null on the last row and when the run diverged. */
  readonly step_size: number | null;
  /** Full-batch loss, in mini-batch runs every `fullLossEvery` steps. */
  readonly full_loss?: number;
  /** The top-k Hessian eigenvalues of the full-batch loss (k = sharpness.k), when measured. */
  readonly [eigenvalue: `lambda_${number}`]: number | undefined;
  /** Largest relative residual of the eigenpairs, and the HVPs the measurement took. */
  readonly lambda_residual?: number;
  readonly hvps?: number;
  /** η·λ₁: the update's position relative to the edge of stability (2). */
  readonly eta_lambda?: number;
  /**
   * Where λ₁ is measured: the curvature dᵀHd/‖d‖² along the step d actually taken (measurement set),
   * and η times it. The Armijo test bounds η·ρ along its direction by 2(1 − c), not η·λ₁.
   */
  readonly rho_step?: number;
  readonly eta_rho?: number;
};
