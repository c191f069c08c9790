/**
 * Writes a checkpoint folder atomically: everything goes into a temp folder next to the target,
 * is fsynced, and is then swapped in (see atomic-dir.ts). Readers see the old checkpoint or the
 * new one, whatever moment the writer is killed at.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ModelSpec } from '../model/model';
import { Params } from '../model/params';
import { fsyncDir, writeFileDurable } from './atomic-file';
import { makeTempDir, swapInDir } from './atomic-dir';
import {
  CHECKPOINT_FORMAT, CHECKPOINT_VERSION, CHECKSUM_FILE, CheckpointManifest, LogLines, MANIFEST_FILE, ObjectiveInfo, PARAMS_FILE,
  VECTORS_FILE,
} from './format';
import { sha256Hex } from './binary-file';
import { encodeVectors } from './vector-bytes';
import { encodeJson } from './json-codec';
import { encodeParams } from './param-bytes';
import { checksumFileText } from './manifest-checksum';
import { mkdirWithFaults, withDiskFaults } from '../util/disk-fault';

/** Everything a checkpoint records. */
export interface CheckpointInput {
  /** Float32 parameters with unique names, in checkpoint order (the model's order). */
  readonly params: Params;
  readonly spec: ModelSpec;
  readonly objective: ObjectiveInfo;
  /** The dataset description (`Dataset.description`). */
  readonly data: Readonly<Record<string, unknown>>;
  /** Optimisation steps completed. */
  readonly step: number;
  /** Extra JSON state, by convention `{tuner, trainer}`; NaN/±Infinity survive the round trip. */
  readonly state?: Readonly<Record<string, unknown>>;
  /** Named float64 vectors saved bit-exactly in vectors.bin (e.g. `warmStart/0`); order kept. */
  readonly vectors?: Readonly<Record<string, Float64Array>>;
  /** Set by the run store: lines of records.jsonl / timings.jsonl belonging to this checkpoint. */
  readonly logLines?: LogLines;
}

/**
 * Saves a checkpoint to `dir` (created, or replaced atomically if it exists). One writer per folder.
 * @param dir the checkpoint folder, e.g. `runs/<hash>/checkpoint`; its parent is created if needed.
 * @param input parameters, model spec, objective, data description, step and optional state.
 * @example await saveCheckpoint('runs/ab12/checkpoint', { params, spec, objective: { loss: 'mse', weightDecay: 0 },
 *   data: dataset.description, step: 100, state: { tuner: tuner.state } });
 */
export async function saveCheckpoint(dir: string, input: CheckpointInput): Promise<void> {
  if (!Number.isInteger(input.step) || input.step < 0) throw new Error(`step must be a non-negative integer, got ${input.step}`);
  const { tensors, bytes } = await encodeParams(input.params);
  const vectors = input.vectors && Object.keys(input.vectors).length > 0 ? encodeVectors(input.vectors) : undefined;
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    step: input.step,
    model: input.spec,
    objective: { loss: input.objective.loss, weightDecay: input.objective.weightDecay },
    data: input.data,
    params: {
      file: PARAMS_FILE, dtype: 'float32', byteOrder: 'little-endian', order: 'row-major',
      byteLength: bytes.byteLength, sha256: sha256Hex(bytes), tensors,
    },
    state: input.state ?? {},
    ...(vectors && { vectors: {
      file: VECTORS_FILE, dtype: 'float64', byteOrder: 'little-endian',
      byteLength: vectors.bytes.byteLength, sha256: sha256Hex(vectors.bytes), entries: vectors.entries,
    } }),
    ...(input.logLines && { logLines: { records: input.logLines.records, timings: input.logLines.timings } }),
  };
  writeFolder(dir, manifest, bytes, vectors?.bytes);
}

function writeFolder(dir: string, manifest: CheckpointManifest, params: Buffer, vectors?: Buffer): void {
  withDiskFaults(dir, 'saving the checkpoint (the previous one, if any, is intact)', () => writeAndSwap(dir, manifest, params, vectors));
}

function writeAndSwap(dir: string, manifest: CheckpointManifest, params: Buffer, vectors?: Buffer): void {
  mkdirWithFaults(path.dirname(path.resolve(dir)), 'creating the checkpoint folder');
  const tmp = makeTempDir(dir);
  try {
    writeFileDurable(path.join(tmp, PARAMS_FILE), params);
    if (vectors) writeFileDurable(path.join(tmp, VECTORS_FILE), vectors);
    const manifestText = encodeJson(manifest, 2) + '\n';
    writeFileDurable(path.join(tmp, MANIFEST_FILE), manifestText);
    writeFileDurable(path.join(tmp, CHECKSUM_FILE), checksumFileText(manifestText));
    fsyncDir(tmp);
    swapInDir(tmp, dir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
