/** The checkpoint format: an atomic folder of checkpoint.json + params.bin (docs/checkpoint-format.md). */
export { saveCheckpoint } from './save-checkpoint';
export type { CheckpointInput } from './save-checkpoint';
export { loadCheckpoint, readCheckpointManifest } from './load-checkpoint';
export type { LoadedCheckpoint, LoadOptions } from './load-checkpoint';
export { CheckpointError } from './checkpoint-error';
export { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, CHECKSUM_FILE, MANIFEST_FILE, PARAMS_FILE, VECTORS_FILE } from './format';
export { checksumFileText } from './manifest-checksum';
export type {
  CheckpointManifest, ParamsManifest, TensorEntry, VectorsManifest, VectorEntry, LogLines, ObjectiveInfo, LossName,
} from './format';
export { encodeJson, decodeJson } from './json-codec';
export { writeFileAtomic } from './atomic-file';
