/** The run config's JSON Schema as published in docs/run-config.schema.json (draft-07 text). */
import { RunConfigSchema } from './run-config-schema';

/** @example fs.writeFileSync('docs/run-config.schema.json', publishedSchema()) */
export function publishedSchema(): string {
  // JSON.stringify drops TypeBox's symbol-keyed metadata: what remains is plain JSON Schema.
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...RunConfigSchema }, null, 2)}\n`;
}
