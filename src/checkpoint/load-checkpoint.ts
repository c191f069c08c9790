/**
 * Reads and validates a checkpoint folder into TF.js tensors. Tolerates a concurrent writer: if
 * the checkpoint is swapped while being read (the checksum or a file no longer matches and the
 * manifest changed meanwhile), the read is retried.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { ModelSpec } from '../model/model';
import { Params } from '../model/params';
import { readableDir } from './atomic-dir';
import { CheckpointError } from './checkpoint-error';
import { CHECKSUM_FILE, CheckpointManifest, MANIFEST_FILE, ObjectiveInfo, PARAMS_FILE, VECTORS_FILE } from './format';
import { readBytes, readVerified } from './binary-file';
import { decodeVectors } from './vector-bytes';
import { decodeJson } from './json-codec';
import { validateManifest } from './manifest-validate';
import { verifyManifestChecksum } from './manifest-checksum';
import { decodeTensor } from './param-bytes';
import { checkLayoutMatches } from './layout-match';

/** A loaded checkpoint: its manifest and the parameters as new tensors (the caller disposes them). */
export interface LoadedCheckpoint {
  readonly manifest: CheckpointManifest;
  readonly step: number;
  readonly spec: ModelSpec;
  readonly objective: ObjectiveInfo;
  readonly data: Readonly<Record<string, unknown>>;
  readonly state: Readonly<Record<string, unknown>>;
  readonly params: Params;
  /** The float64 vectors saved with the checkpoint (empty when none). */
  readonly vectors: Record<string, Float64Array>;
}

/** Options for `loadCheckpoint`. */
export interface LoadOptions {
  /** Parameters whose names and shapes the checkpoint must match (e.g. `model.init(0)`). */
  readonly like?: Params;
}

const ATTEMPTS = 3;

/**
 * Loads the checkpoint in `dir`, checking the manifest, the size and sha256 of params.bin.
 * @param dir a checkpoint folder (holding checkpoint.json and params.bin).
 * @param options `like`: check names and shapes against these parameters.
 * @returns manifest fields and the parameters as float32 tensors.
 * @throws CheckpointError naming the file when the checkpoint is missing, corrupt or mismatched.
 * @example const { params, step, state } = await loadCheckpoint('runs/ab12/checkpoint', { like: model.init(0) });
 */
export async function loadCheckpoint(dir: string, options: LoadOptions = {}): Promise<LoadedCheckpoint> {
  for (let attempt = 1; ; attempt++) {
    let src: string | undefined;
    let text: string | undefined;
    try {
      src = requireReadable(dir);
      text = readText(path.join(src, MANIFEST_FILE));
      return build(src, text, options);
    } catch (err) {
      // A writer may have swapped the folder between our reads; then the manifest has changed.
      if (!(err instanceof CheckpointError) || attempt >= ATTEMPTS || !changedSince(dir, src, text)) throw err;
    }
  }
}

/**
 * The validated manifest (checkpoint.json) alone, without reading params.bin.
 * @param dir a checkpoint folder.
 * @returns the manifest, or undefined when no checkpoint was saved there yet.
 * @throws CheckpointError when checkpoint.json exists but is invalid.
 */
export function readCheckpointManifest(dir: string): CheckpointManifest | undefined {
  const src = readableDir(dir);
  if (src === undefined) return undefined;
  return parseManifest(src, readText(path.join(src, MANIFEST_FILE)));
}

function build(src: string, text: string, options: LoadOptions): LoadedCheckpoint {
  const manifestFile = path.join(src, MANIFEST_FILE);
  const manifest = parseManifest(src, text);
  const p = manifest.params;
  const bytes = readVerified(path.join(src, PARAMS_FILE), p.byteLength, p.sha256);
  const v = manifest.vectors;
  const vectors = v ? decodeVectors(readVerified(path.join(src, VECTORS_FILE), v.byteLength, v.sha256), v.entries) : {};
  if (options.like) checkLayoutMatches(p.tensors, options.like, manifestFile);
  const params = p.tensors.map((t) => ({
    name: t.name, value: tf.tensor(decodeTensor(bytes, t), [...t.shape], 'float32'),
  }));
  const { step, model: spec, objective, data, state } = manifest;
  return { manifest, step, spec, objective, data, state, params, vectors };
}

/** Parses and validates checkpoint.json, then checks it against checkpoint.sha256 (an edit that keeps it valid is caught there). */
function parseManifest(src: string, text: string): CheckpointManifest {
  const file = path.join(src, MANIFEST_FILE);
  let json: unknown;
  try {
    json = decodeJson(text);
  } catch (err) {
    throw new CheckpointError(file, `is not valid JSON (${(err as Error).message}); the checkpoint is corrupt`);
  }
  const manifest = validateManifest(json, file);
  verifyManifestChecksum(src, text, safeRead(path.join(src, CHECKSUM_FILE)));
  return manifest;
}

function requireReadable(dir: string): string {
  const src = readableDir(dir);
  if (src === undefined) throw new CheckpointError(path.join(dir, MANIFEST_FILE), 'no checkpoint here (the folder does not exist)');
  return src;
}

function readText(file: string): string {
  return readBytes(file).toString('utf8');
}

function changedSince(dir: string, src: string | undefined, text: string | undefined): boolean {
  const now = readableDir(dir);
  return now !== src || (now !== undefined && safeRead(path.join(now, MANIFEST_FILE)) !== text);
}

function safeRead(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
