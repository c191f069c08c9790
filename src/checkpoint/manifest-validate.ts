/**
 * Checks a parsed checkpoint.json field by field, so a bad checkpoint fails with a sentence that
 * names the file and the field instead of a tensor-shape error deep inside TF.js.
 */
import {
  BYTES_PER_SCALAR, CHECKPOINT_FORMAT, CHECKPOINT_VERSION, CheckpointManifest, ParamsManifest,
  PARAMS_FILE, TensorEntry, VECTORS_FILE, VectorEntry, VectorsManifest,
} from './format';
import { CheckpointError } from './checkpoint-error';
import { isJsonObject } from './json-codec';

/**
 * Validates parsed checkpoint.json content.
 * @param json the parsed JSON.
 * @param file the manifest's path, for error messages.
 * @returns the same object, typed.
 * @throws CheckpointError naming `file` and the first problem found.
 */
export function validateManifest(json: unknown, file: string): CheckpointManifest {
  const fail = (problem: string): never => { throw new CheckpointError(file, problem); };
  if (!isJsonObject(json)) return fail('is not a JSON object');
  if (json.format !== CHECKPOINT_FORMAT) fail(`format is ${JSON.stringify(json.format)}, expected "${CHECKPOINT_FORMAT}"`);
  if (json.version !== CHECKPOINT_VERSION) fail(`version is ${JSON.stringify(json.version)}; this code reads version ${CHECKPOINT_VERSION}`);
  if (!isCount(json.step)) fail(`step must be a non-negative integer, got ${JSON.stringify(json.step)}`);
  if (!isJsonObject(json.model) || typeof json.model.arch !== 'string') fail('model must be a model spec object with an "arch"');
  checkObjective(json.objective, fail);
  if (!isJsonObject(json.data)) fail('data must be a JSON object (the dataset description)');
  if (json.state !== undefined && !isJsonObject(json.state)) fail('state must be a JSON object when present');
  checkParams(json.params, fail);
  if (json.vectors !== undefined) checkVectors(json.vectors, fail);
  if (json.logLines !== undefined) checkLogLines(json.logLines, fail);
  return { ...json, state: json.state ?? {} } as unknown as CheckpointManifest;
}

function checkObjective(obj: unknown, fail: (p: string) => never): void {
  if (!isJsonObject(obj)) fail('objective must be an object {loss, weightDecay}');
  const o = obj as Record<string, unknown>;
  if (o.loss !== 'mse' && o.loss !== 'cross-entropy') fail(`objective.loss is ${JSON.stringify(o.loss)}; expected "mse" or "cross-entropy"`);
  const wd = o.weightDecay;
  if (typeof wd !== 'number' || !Number.isFinite(wd) || wd < 0) fail(`objective.weightDecay must be a finite number ≥ 0, got ${JSON.stringify(wd)}`);
}

function checkParams(value: unknown, fail: (p: string) => never): void {
  if (!isJsonObject(value)) return fail('params must be an object describing params.bin');
  const p = value as unknown as ParamsManifest;
  if (p.file !== PARAMS_FILE) fail(`params.file must be "${PARAMS_FILE}"`);
  if (p.dtype !== 'float32' || p.byteOrder !== 'little-endian' || p.order !== 'row-major') {
    fail('params must be dtype "float32", byteOrder "little-endian", order "row-major"');
  }
  if (!isCount(p.byteLength)) fail('params.byteLength must be a non-negative integer');
  if (typeof p.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(p.sha256)) fail('params.sha256 must be 64 lower-case hex digits');
  if (!Array.isArray(p.tensors)) fail('params.tensors must be an array');
  let offset = 0;
  const names = new Set<string>();
  p.tensors.forEach((t, i) => {
    checkTensor(t, i, offset, fail);
    if (names.has(t.name)) fail(`params.tensors[${i}]: duplicate name '${t.name}'`);
    names.add(t.name);
    offset += t.byteLength;
  });
  if (offset !== p.byteLength) fail(`params.byteLength is ${p.byteLength} but the tensors add up to ${offset} bytes`);
}

function checkTensor(t: TensorEntry, i: number, offset: number, fail: (p: string) => never): void {
  const at = `params.tensors[${i}]`;
  if (!isJsonObject(t) || typeof t.name !== 'string' || t.name === '') fail(`${at} must have a non-empty name`);
  const where = `${at} ('${t.name}')`;
  if (!Array.isArray(t.shape) || !t.shape.every(isCount)) fail(`${where}: shape must be an array of non-negative integers`);
  if (t.dtype !== 'float32') fail(`${where}: dtype is ${JSON.stringify(t.dtype)}, only "float32" is supported`);
  const size = t.shape.reduce((a, b) => a * b, 1);
  if (t.size !== size) fail(`${where}: size ${t.size} does not match shape [${t.shape}] (${size} scalars)`);
  if (t.byteLength !== size * BYTES_PER_SCALAR) fail(`${where}: byteLength ${t.byteLength} should be ${size * BYTES_PER_SCALAR}`);
  if (t.byteOffset !== offset) fail(`${where}: byteOffset ${t.byteOffset} should be ${offset} (tensors are packed in order)`);
}

function checkVectors(value: unknown, fail: (p: string) => never): void {
  if (!isJsonObject(value)) return fail('vectors must be an object describing vectors.bin');
  const v = value as unknown as VectorsManifest;
  if (v.file !== VECTORS_FILE || v.dtype !== 'float64' || v.byteOrder !== 'little-endian') {
    fail(`vectors must have file "${VECTORS_FILE}", dtype "float64", byteOrder "little-endian"`);
  }
  if (typeof v.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(v.sha256)) fail('vectors.sha256 must be 64 lower-case hex digits');
  if (!Array.isArray(v.entries)) fail('vectors.entries must be an array');
  let offset = 0;
  v.entries.forEach((e, i) => {
    const ok = isJsonObject(e) && typeof e.name === 'string' && isCount(e.length) && e.byteOffset === offset && e.byteLength === e.length * 8;
    if (!ok) fail(`vectors.entries[${i}] must be {name, length, byteOffset: ${offset}, byteLength: 8·length}`);
    offset += (e as unknown as VectorEntry).byteLength;
  });
  if (v.byteLength !== offset) fail(`vectors.byteLength is ${v.byteLength} but the entries add up to ${offset} bytes`);
}

function checkLogLines(value: unknown, fail: (p: string) => never): void {
  if (!isJsonObject(value) || !isCount(value.records) || !isCount(value.timings)) {
    fail('logLines must be {records, timings} line counts');
  }
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
