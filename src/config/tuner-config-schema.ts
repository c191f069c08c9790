/** The tuner part of a run config, one schema per tuner (src/tuners/), defaults as documented there. */
import { Static, Type } from '@sinclair/typebox';
import { Fraction, NonNegative, oneOf, Positive, PositiveInt } from './schema-types';

export const ConstantConfigSchema = Type.Object({
  kind: Type.Literal('constant'),
  stepSize: Positive('the step size η'),
}, { additionalProperties: false, description: 'constant step size' });

export const ArmijoConfigSchema = Type.Object({
  kind: Type.Literal('armijo'),
  preset: Type.Optional(oneOf(['optax', 'sls'] as const, "defaults for the options below (default 'optax': c 1e-4, beta 0.8, start 'increase', increase 1.5, etaMax 1, etaInit 1, maxTrials 15, fallback 'last'; 'sls': c 0.1, beta 0.9, start 'sls', etaMax none, maxTrials 100, fallback 1e-6)")),
  c: Type.Optional(Fraction('sufficient-decrease constant c in (0, 1)')),
  beta: Type.Optional(Fraction('backtracking factor β in (0, 1)')),
  start: Type.Optional(oneOf(['increase', 'sls', 'reset'] as const, "first trial: 'increase' = min(etaMax, increase·η_prev), 'sls' = η_prev·2^(1/batches per epoch), 'reset' = etaInit")),
  increase: Type.Optional(Type.Number({ minimum: 1, description: "growth factor of the 'increase' start (≥ 1)" })),
  etaMax: Type.Optional(Positive('cap on η')),
  etaInit: Type.Optional(Positive('η_prev before the first step')),
  maxTrials: Type.Optional(PositiveInt('trials before the fallback')),
  fallback: Type.Optional(Type.Union([Positive('a step size'), Type.Literal('last')], { description: "step taken when no trial passes: a number, or 'last' (the smallest trial)" })),
  condition: Type.Optional(oneOf(['armijo', 'goldstein'] as const, "'armijo' (default): sufficient decrease only; 'goldstein': also f(w + ηu) ≥ f(w) + (1 − c)·η·gᵀu, so steps that are too short grow (needs c < 1/2)")),
  nonMonotone: Type.Optional(PositiveInt('window M of the non-monotone reference max(f_k, …, f_{k−M+1}) (Grippo et al. 1986; default 1 = monotone)')),
}, { additionalProperties: false, description: 'Armijo backtracking line search (or Goldstein, or non-monotone)' });

export const PolyakConfigSchema = Type.Object({
  kind: Type.Literal('polyak'),
  etaMax: Type.Optional(Positive('cap on η (default 1)')),
  c: Type.Optional(Positive('denominator constant c (default 1)')),
  fStar: Type.Optional(Type.Number({ description: 'lower bound f* of the loss (default 0)' })),
  eps: Type.Optional(NonNegative('added to the denominator (default 1e-12)')),
}, { additionalProperties: false, description: 'Polyak step size SPS_max: η = min(etaMax, (f − f*)₊ / (c‖g‖² + eps))' });

export const CdatConfigSchema = Type.Object({
  kind: Type.Literal('cdat'),
  sigma: Positive('scaling σ: 2 = on edge, 1 = greedy quadratic'),
  ema: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 1, description: 'EMA factor in [0, 1) (default 0)' })),
  eps: Type.Optional(NonNegative('added to the denominator (default 1e-12)')),
  etaMax: Type.Optional(Positive('cap on η (default none)')),
}, { additionalProperties: false, description: 'CDAT: η = σ‖g‖² / (|gᵀHg| + eps), one exact HVP per step' });

export const OracleConfigSchema = Type.Object({
  kind: Type.Literal('oracle'),
  theta: Positive('fraction θ of the stability threshold 2/λ₁ (1 = on the edge)'),
  etaMax: Type.Optional(Positive('cap on η (default none)')),
}, { additionalProperties: false, description: 'η = θ·2/λ₁ with the exact sharpness at every step (expensive)' });

export const TUNER_SCHEMAS = [ConstantConfigSchema, ArmijoConfigSchema, PolyakConfigSchema, CdatConfigSchema, OracleConfigSchema] as const;
export const TunerConfigSchema = Type.Union([...TUNER_SCHEMAS], { description: 'the step-size tuner, chosen by kind' });

export type ConstantConfig = Static<typeof ConstantConfigSchema>;
export type ArmijoConfig = Static<typeof ArmijoConfigSchema>;
export type PolyakConfig = Static<typeof PolyakConfigSchema>;
export type CdatConfig = Static<typeof CdatConfigSchema>;
export type OracleConfig = Static<typeof OracleConfigSchema>;
export type TunerConfig = Static<typeof TunerConfigSchema>;
