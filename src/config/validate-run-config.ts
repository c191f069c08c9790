/**
 * Checks a run config against its schema (run-config-schema.ts) with ajv, before anything is
 * written, and says what is wrong in one line: the JSON path, what was expected, what was given,
 * and for an unknown key the closest known one. The same check runs for CLI files and for configs
 * built in notebooks (runExperiment calls it).
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { TObject, TSchema, Type } from '@sinclair/typebox';
import { RunConfigInput, RunConfigSchema, DataConfigSchema, SharpnessConfigSchema } from './run-config-schema';
import { ModelSpecSchema } from './model-spec-schema';
import { TunerConfigSchema } from './tuner-config-schema';
import { didYouMean } from './did-you-mean';

/** A config that does not fit the schema; the message is one line. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const ajv = new Ajv({ allErrors: false, strict: false });
const compiled = new Map<TSchema, ValidateFunction>();

function check(schema: TSchema, value: unknown, at: string): void {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(value)) throw new ConfigError(describe(validate.errors![0], schema, value, at));
}

/** Validates the variant of a discriminated union picked by `key` (data.source, model.arch, tuner.kind). */
function checkVariant(union: TSchema, key: string, value: unknown, at: string): void {
  const variants = (union as unknown as { anyOf: TObject[] }).anyOf;
  const tags = variants.flatMap((v) => literals(v.properties[key]));
  if (!isObject(value)) throw new ConfigError(`${at} must be an object (${union.description}), got ${show(value)}`);
  const tag = value[key];
  if (tag === undefined) throw new ConfigError(`${at}: missing '${key}' (one of ${tags.map((t) => `'${t}'`).join(', ')})`);
  const variant = variants.find((v) => literals(v.properties[key]).includes(tag as string));
  if (!variant) {
    const hint = typeof tag === 'string' ? didYouMean(tag, tags) : undefined;
    throw new ConfigError(`${at}.${key} must be one of ${tags.map((t) => `'${t}'`).join(', ')}, got ${show(tag)}${hint ? ` (did you mean '${hint}'?)` : ''}`);
  }
  check(variant, value, at);
}

// The top level with the three unions left open: they are checked variant by variant above.
const TopLevel = Type.Object({
  ...RunConfigSchema.properties,
  data: Type.Unknown(), model: Type.Unknown(), tuner: Type.Unknown(),
}, { additionalProperties: false });

/**
 * @param value parsed JSON or a config object built in code.
 * @param where how to name it in messages (a file name, or 'run config').
 * @returns the same value, typed.
 * @throws ConfigError with a one-line message.
 * @example validateRunConfig(JSON.parse(text), 'c.json')
 */
export function validateRunConfig(value: unknown, where = 'run config'): RunConfigInput {
  try {
    if (!isObject(value)) throw new ConfigError(`must be a JSON object, got ${show(value)}`);
    check(TopLevel, value, '');
    checkVariant(DataConfigSchema, 'source', value.data, 'data');
    checkVariant(ModelSpecSchema, 'arch', value.model, 'model');
    checkVariant(TunerConfigSchema, 'kind', value.tuner, 'tuner');
    check(SharpnessConfigSchema, value.sharpness, 'sharpness');
    const config = value as unknown as RunConfigInput;
    crossChecks(config);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${where}: ${err.message}`);
    throw err;
  }
}

/** What one schema cannot say. */
function crossChecks(c: RunConfigInput): void {
  const n = c.data.n;
  if (typeof c.batchSize === 'number' && c.batchSize > n) {
    throw new ConfigError(`batchSize ${c.batchSize} exceeds data.n = ${n} (use 'full' for full batch)`);
  }
  if (c.sharpness.measureSize !== undefined && c.sharpness.measureSize > n) {
    throw new ConfigError(`sharpness.measureSize ${c.sharpness.measureSize} exceeds data.n = ${n}`);
  }
}

function describe(e: ErrorObject, schema: TSchema, root: unknown, at: string): string {
  const segments = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path = [at, ...segments].filter(Boolean).join('.');
  const here = path ? `${path}` : 'the config';
  const given = segments.reduce<unknown>((v, s) => (isObject(v) || Array.isArray(v) ? (v as Record<string, unknown>)[s] : undefined), root);
  const sub = subSchema(schema, segments);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((sub as TObject | undefined)?.properties ?? {});
      const hint = didYouMean(key, known);
      return `${path ? `${path}: ` : ''}unknown key '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; known keys: ${known.join(', ')}`;
    }
    case 'required': {
      const key = String(p.missingProperty);
      const d = (sub as TObject | undefined)?.properties?.[key]?.description;
      return `${path ? `${path}: ` : ''}missing '${key}'${d ? ` (${d})` : ''}`;
    }
    case 'type':
      return `${here} must be ${p.type === 'integer' ? 'an integer' : `a ${String(p.type)}`}, got ${show(given)}`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return `${here} must be ${String(p.comparison)} ${String(p.limit)}, got ${show(given)}${sub?.description ? ` (${sub.description})` : ''}`;
    case 'const': case 'enum': case 'anyOf': {
      const allowed = sub ? literals(sub) : [];
      if (allowed.length > 0) {
        const hint = typeof given === 'string' ? didYouMean(given, allowed) : undefined;
        return `${here} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(given)}${hint ? ` (did you mean '${hint}'?)` : ''}`;
      }
      return `${here} must be ${sub?.description ?? 'of another form'}, got ${show(given)}`;
    }
    case 'minItems': case 'maxItems':
      return `${here} must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${String(p.limit)} items, got ${show(given)}`;
    default:
      return `${here} ${e.message ?? 'is invalid'}, got ${show(given)}`;
  }
}

function subSchema(schema: TSchema, segments: readonly string[]): TSchema | undefined {
  let s: TSchema | undefined = schema;
  for (const seg of segments) {
    if (!s) return undefined;
    const node = s as Record<string, unknown>;
    if (node.properties && (node.properties as Record<string, TSchema>)[seg]) s = (node.properties as Record<string, TSchema>)[seg];
    else if (Array.isArray(node.items)) s = (node.items as TSchema[])[Number(seg)];
    else if (node.items) s = node.items as TSchema;
    else if (node.additionalProperties && typeof node.additionalProperties === 'object') s = node.additionalProperties as TSchema;
    else if (node.patternProperties) s = Object.values(node.patternProperties as Record<string, TSchema>)[0];
    else return undefined;
  }
  return s;
}

function literals(s: TSchema | undefined): string[] {
  if (!s) return [];
  const node = s as { const?: unknown; anyOf?: TSchema[]; enum?: unknown[] };
  if (typeof node.const === 'string') return [node.const];
  if (node.enum) return node.enum.map(String);
  if (node.anyOf) return node.anyOf.flatMap(literals);
  return [];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `'${v}' (a string)`;
  const json = JSON.stringify(v);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
