/**
 * The joint step-size/sharpness model of docs/claims.md (a reconstruction after Damian et al. 2023,
 * not the paper's own equations), simulated deterministically:
 *
 *   x_{t+1} = (1 − η_t λ_t) x_t + ε          displacement along the top eigenvector (ε: a small
 *                                            gradient leak into it, which keeps x from underflowing)
 *   z_{t+1} = (1 − η_t μ_i) z_{t,i}           residual in flat "bulk" directions (curvatures μ_i)
 *   λ_{t+1} = λ_t + η_t (α − β x_t²)          progressive sharpening α, self-stabilisation β
 *   loss_t  = λ_t x_t²/2 + Σ μ_i z_{t,i}²/2
 *
 * with η_t from a rule: constant; Armijo-like η = σ/λ (σ < 2: stays below the edge); the 2/λ
 * oracle η = 2θ/λ; Polyak-like η = min(γ_max, loss / (c‖g‖²)) with ‖g‖² = λ²x² + Σ μ_i² z_i².
 */

/** A step-size rule of the model. */
export type ModelRule =
  | { readonly kind: 'constant'; readonly eta: number }
  | { readonly kind: 'armijo-like'; readonly sigma: number }
  | { readonly kind: 'oracle'; readonly theta?: number }
  | { readonly kind: 'polyak-like'; readonly etaMax: number; readonly c?: number };

/** Model constants and start (defaults in {@link DEFAULT_MODEL}). */
export interface JointModelParams {
  /** Progressive-sharpening rate α > 0. */
  readonly alpha: number;
  /** Self-stabilisation strength β > 0. */
  readonly beta: number;
  readonly lambda0: number;
  readonly x0: number;
  /** Leak ε added to x each step (0 gives the noiseless model, where x can underflow to 0). */
  readonly leak: number;
  /** Curvatures μ_i of the bulk directions (well below λ). */
  readonly bulkCurvatures: readonly number[];
  /** Start values z_i of the bulk residual. */
  readonly bulk0: readonly number[];
  readonly steps: number;
  /** The simulation stops (diverged) when |x| exceeds this. Default 1e6. */
  readonly bound?: number;
}

/**
 * Default constants. Our notes on the paper suggest α = β = 1, but with α = 1 a constant step overshoots
 * 2/η so far that the discrete dynamics blow up (λ goes negative); α = 0.03 keeps η²α ≪ 1 for
 * η ≤ 0.2. The bulk has log-spaced curvatures 1e-1…1e-5, so the loss decays slowly and the
 * Polyak ratio loss/‖g‖² grows as the residual moves to flatter directions (docs/claims.md).
 */
export const DEFAULT_MODEL: JointModelParams = {
  alpha: 0.03, beta: 1, lambda0: 1, x0: 1e-3, leak: 1e-6,
  bulkCurvatures: [1e-1, 1e-2, 1e-3, 1e-4, 1e-5], bulk0: [1, 1, 1, 1, 1], steps: 10_000,
};

/** One step of the model (η_t is the step size used from this state). */
export interface ModelRow {
  readonly step: number;
  readonly x: number;
  readonly lambda: number;
  readonly eta: number;
  readonly eta_lambda: number;
  readonly loss: number;
}

/** The rule's step size at a state. */
export function modelStepSize(rule: ModelRule, lambda: number, x: number, mu: readonly number[], z: readonly number[]): number {
  switch (rule.kind) {
    case 'constant': return rule.eta;
    case 'armijo-like': return rule.sigma / lambda;
    case 'oracle': return (2 * (rule.theta ?? 1)) / lambda;
    case 'polyak-like': {
      const loss = modelLoss(lambda, x, mu, z);
      const g2 = lambda * lambda * x * x + mu.reduce((s, m, i) => s + m * m * z[i] * z[i], 0);
      return Math.min(rule.etaMax, g2 > 0 ? loss / ((rule.c ?? 1) * g2) : rule.etaMax);
    }
  }
}

function modelLoss(lambda: number, x: number, mu: readonly number[], z: readonly number[]): number {
  return 0.5 * lambda * x * x + 0.5 * mu.reduce((s, m, i) => s + m * z[i] * z[i], 0);
}

/**
 * Simulates the model under a rule; one row per step (steps + 1 rows unless it diverges).
 * @example simulateJointModel({ kind: 'constant', eta: 0.1 }, { steps: 20000 }) // λ oscillates around 2/η = 20
 */
export function simulateJointModel(rule: ModelRule, params: Partial<JointModelParams> = {}): ModelRow[] {
  const p = { ...DEFAULT_MODEL, ...params };
  const mu = p.bulkCurvatures;
  const z = [...p.bulk0];
  let x = p.x0;
  let lambda = p.lambda0;
  const rows: ModelRow[] = [];
  for (let t = 0; t <= p.steps; t++) {
    const eta = modelStepSize(rule, lambda, x, mu, z);
    rows.push({ step: t, x, lambda, eta, eta_lambda: eta * lambda, loss: modelLoss(lambda, x, mu, z) });
    if (!(Math.abs(x) <= (p.bound ?? 1e6)) || !Number.isFinite(lambda)) break;
    const nextX = (1 - eta * lambda) * x + p.leak;
    lambda += eta * (p.alpha - p.beta * x * x);
    x = nextX;
    for (let i = 0; i < z.length; i++) z[i] *= 1 - eta * mu[i];
  }
  return rows;
}
