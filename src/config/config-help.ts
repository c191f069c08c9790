/** `run --help`: the config's sections, and every tuner with its options, from the schema itself. */
import { TObject, TSchema } from '@sinclair/typebox';
import { RunConfigSchema } from './run-config-schema';
import { TUNER_SCHEMAS } from './tuner-config-schema';

function lines(schema: TObject, indent: string, skip: readonly string[] = []): string[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties as Record<string, TSchema>)
    .filter(([key]) => !skip.includes(key))
    .map(([key, s]) => `${indent}${(key + (required.has(key) ? '' : '?')).padEnd(16)} ${s.description ?? ''}`);
}

/** @example console.log(configHelp()) */
export function configHelp(): string {
  return [
    'config file (JSON; schema: docs/run-config.schema.json — point your editor at it for completion):',
    ...lines(RunConfigSchema, '  '),
    '',
    'tuners (tuner.kind):',
    ...TUNER_SCHEMAS.flatMap((t) => [`  ${t.properties.kind.const.padEnd(10)} ${t.description ?? ''}`, ...lines(t, '      ', ['kind'])]),
    '',
    "('?' marks an optional key; defaults are in the descriptions. Example: configs/quick-eos.json)",
  ].join('\n');
}
