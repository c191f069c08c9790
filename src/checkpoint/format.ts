/**
 * The checkpoint format, version 1 (documented for outside readers in docs/checkpoint-format.md):
 * a folder with `checkpoint.json` (this manifest) and `params.bin` (every parameter, in manifest
 * order, row-major, little-endian float32, no header and no padding), plus, when the trainer
 * saves any, `vectors.bin` (named float64 vectors such as eigenvector warm starts).
 */
import { ModelSpec } from '../model/model';

/** The `format` field of every checkpoint.json. */
export const CHECKPOINT_FORMAT = 'sharpness-lab/checkpoint';
/** The version this code writes; readers reject other versions. */
export const CHECKPOINT_VERSION = 1;
/** File names inside a checkpoint folder. */
export const MANIFEST_FILE = 'checkpoint.json';
export const PARAMS_FILE = 'params.bin';
export const VECTORS_FILE = 'vectors.bin';
/** sha256 of checkpoint.json's bytes, in `sha256sum` format (manifest-checksum.ts). */
export const CHECKSUM_FILE = 'checkpoint.sha256';
/** Bytes per float32 scalar. */
export const BYTES_PER_SCALAR = 4;

/** The training loss, as recorded in checkpoints (the objective is (1/n)Σℓ + (wd/2)‖w‖²). */
export type LossName = 'mse' | 'cross-entropy';

/** What the objective is, enough for outside code to recompute the same loss and Hessian. */
export interface ObjectiveInfo {
  /** 'mse' is ½‖f(x) − y‖² per example; 'cross-entropy' is softmax cross-entropy. */
  readonly loss: LossName;
  /** wd ≥ 0; the objective adds (wd/2)‖w‖² over all parameters. */
  readonly weightDecay: number;
}

/** One parameter tensor's place in params.bin. */
export interface TensorEntry {
  /** Unique name, e.g. `dense0/kernel`. */
  readonly name: string;
  /** Row-major shape (TF.js layout: dense [in, out], conv [kh, kw, cin, cout]). */
  readonly shape: readonly number[];
  readonly dtype: 'float32';
  /** Number of scalars: the product of `shape` (1 for a scalar). */
  readonly size: number;
  /** Offset of the first byte in params.bin. */
  readonly byteOffset: number;
  /** size × 4. */
  readonly byteLength: number;
}

/** The `params` block of checkpoint.json: how to read params.bin. */
export interface ParamsManifest {
  readonly file: typeof PARAMS_FILE;
  readonly dtype: 'float32';
  readonly byteOrder: 'little-endian';
  readonly order: 'row-major';
  /** Total size of params.bin in bytes (the sum of the tensors' byteLength). */
  readonly byteLength: number;
  /** Lower-case hex sha256 of params.bin. */
  readonly sha256: string;
  readonly tensors: readonly TensorEntry[];
}

/** One named float64 vector's place in vectors.bin. */
export interface VectorEntry {
  readonly name: string;
  /** Number of float64 values. */
  readonly length: number;
  readonly byteOffset: number;
  /** length × 8. */
  readonly byteLength: number;
}

/** The optional `vectors` block of checkpoint.json: how to read vectors.bin. */
export interface VectorsManifest {
  readonly file: typeof VECTORS_FILE;
  readonly dtype: 'float64';
  readonly byteOrder: 'little-endian';
  readonly byteLength: number;
  readonly sha256: string;
  readonly entries: readonly VectorEntry[];
}

/** Complete lines of the run's JSON-lines files when the checkpoint was saved (set by the run store). */
export interface LogLines {
  readonly records: number;
  readonly timings: number;
}

/** The parsed content of checkpoint.json. */
export interface CheckpointManifest {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  /** Optimisation steps completed when the parameters were saved. */
  readonly step: number;
  readonly model: ModelSpec;
  readonly objective: ObjectiveInfo;
  /** The dataset's description (source, subset, normalisation). */
  readonly data: Readonly<Record<string, unknown>>;
  readonly params: ParamsManifest;
  /** Extra JSON state, by convention `{tuner, trainer}`; NaN/±Infinity stored as strings. */
  readonly state: Readonly<Record<string, unknown>>;
  /** Present when the checkpoint holds float64 vectors. */
  readonly vectors?: VectorsManifest;
  /** Present in run-store checkpoints: where records.jsonl and timings.jsonl stood. */
  readonly logLines?: LogLines;
}
