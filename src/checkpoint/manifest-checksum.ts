/**
 * checkpoint.sha256 protects the manifest's meaning: params.bin's hash is in checkpoint.json, but
 * nothing guarded checkpoint.json itself, so an edited `activation` (tanh → relu) made the same
 * parameters a different function and λ₁ came out 107.6 instead of 20.8 without a word. The file is
 * in `sha256sum` format, so any tool can write (`sha256sum checkpoint.json > checkpoint.sha256`) and
 * check (`sha256sum -c checkpoint.sha256`) it.
 */
import * as path from 'path';
import { sha256Hex } from './binary-file';
import { CheckpointError } from './checkpoint-error';
import { CHECKSUM_FILE, MANIFEST_FILE } from './format';

/**
 * The content of checkpoint.sha256 for a manifest's exact bytes.
 * @example checksumFileText('{…}\n') // '3f2a…  checkpoint.json\n'
 */
export function checksumFileText(manifestText: string): string {
  return `${sha256Hex(Buffer.from(manifestText, 'utf8'))}  ${MANIFEST_FILE}\n`;
}

/**
 * Checks checkpoint.json's bytes against checkpoint.sha256.
 * @param dir the checkpoint folder being read.
 * @param manifestText checkpoint.json's content as read.
 * @param checksumText checkpoint.sha256's content, or undefined when the file is missing.
 * @throws CheckpointError naming the file that is missing, malformed or does not match.
 */
export function verifyManifestChecksum(dir: string, manifestText: string, checksumText: string | undefined): void {
  const sumFile = path.join(dir, CHECKSUM_FILE);
  if (checksumText === undefined) {
    throw new CheckpointError(sumFile, `is missing, so ${MANIFEST_FILE} is unprotected; if you wrote this checkpoint yourself, ` +
      `run \`sha256sum ${MANIFEST_FILE} > ${CHECKSUM_FILE}\` in its folder`);
  }
  const m = /^([0-9a-f]{64}) [ *]checkpoint\.json\r?\n?$/.exec(checksumText);
  if (m === null) throw new CheckpointError(sumFile, `expected one line '<64 hex digits>  ${MANIFEST_FILE}' (sha256sum format)`);
  if (m[1] !== sha256Hex(Buffer.from(manifestText, 'utf8'))) {
    throw new CheckpointError(path.join(dir, MANIFEST_FILE), `does not match its sha256 in ${CHECKSUM_FILE}: it was edited after the ` +
      'checkpoint was saved, so its model, objective or data may not be what the parameters were trained with; restore it, or re-save the checkpoint');
  }
}
