/** Reads a run config file: a JSON syntax error names the file, line and column; then the schema check. */
import * as fs from 'fs';
import { ConfigError, validateRunConfig } from './validate-run-config';
import { RunConfigInput } from './run-config-schema';

/**
 * @throws ConfigError (one line) for an unreadable file, bad JSON or a config the schema rejects.
 * @example const config = readConfigFile('configs/quick-eos.json');
 */
export function readConfigFile(file: string): RunConfigInput {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    if (!at) throw new ConfigError(`${file}: not valid JSON (${message})`);
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const column = Number(at[1]) - before.lastIndexOf('\n');
    throw new ConfigError(`${file}:${line}:${column}: not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`);
  }
  return validateRunConfig(value, file);
}
