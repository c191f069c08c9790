/**
 * A run is fully described by one JSON object: with the backend and library versions added, it
 * hashes to the run's folder in the run store. Defaults live here, in one place.
 */
import { Static } from '@sinclair/typebox';
import { Cifar10DataSchema, RunConfigSchema, SharpnessConfigSchema, SyntheticDataSchema } from '../config/run-config-schema';
import { validateRunConfig } from '../config/validate-run-config';
import { resolveTunerConfig } from '../tuners/resolve-tuner-config';
import { resolveData, resolveModel, resolveSharpness } from './resolve-defaults';

// The types come from the schema (src/config/run-config-schema.ts): one definition for the type,
// the validation and the published JSON Schema.
export type Cifar10DataConfig = Static<typeof Cifar10DataSchema>;
export type SyntheticDataConfig = Static<typeof SyntheticDataSchema>;
export type DataConfig = Cifar10DataConfig | SyntheticDataConfig;
export type SharpnessConfig = Static<typeof SharpnessConfigSchema>;
export type RunConfig = Static<typeof RunConfigSchema>;

/**
 * Validates against the schema (a ConfigError, one line, before anything is written) and fills
 * every default, the tuner's included: the result is what the run's identity hashes. Idempotent.
 */
export function resolveRunConfig(config: RunConfig): Required<RunConfig> {
  const c = validateRunConfig(config);
  return {
    ...c,
    data: resolveData(c.data, c.seed),
    model: resolveModel(c.model),
    tuner: resolveTunerConfig(c.tuner),
    sharpness: resolveSharpness(c.sharpness),
    batchSize: c.batchSize ?? 'full',
    tunerBatch: c.tunerBatch ?? 'same',
    lossBound: c.lossBound ?? 1e6,
    checkpointEvery: c.checkpointEvery ?? 50,
    chunkSize: c.chunkSize ?? 1000,
    fullLossEvery: c.fullLossEvery ?? (c.sharpness.every || 50),
  };
}
