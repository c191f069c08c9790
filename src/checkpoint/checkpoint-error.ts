/**
 * The one error type for unreadable checkpoints, so callers can tell "this checkpoint is broken"
 * apart from programming errors. The message always names the offending file.
 */

/** A checkpoint folder that is missing, incomplete, corrupt or does not match expectations. */
export class CheckpointError extends Error {
  /** The file (or folder) the problem is in. */
  readonly file: string;

  /**
   * @param file absolute or relative path of the offending file.
   * @param problem what is wrong, as a sentence fragment (the file name is prefixed).
   */
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'CheckpointError';
    this.file = file;
  }
}
