/**
 * The one error type of the data layer: a user-fixable problem with the data on disk or the
 * network (missing folder, truncated file, bad label, checksum mismatch, no network). Its message
 * is a single line naming the file and the fix, so a CLI prints only the message, never a stack.
 */

/**
 * A user-fixable data problem; `message` is one line that names the file and the fix.
 * @example
 * try { await loadCifar10({ split: 'train', layout: 'flat' }); }
 * catch (err) { if (err instanceof DataError) console.error(err.message); else throw err; }
 */
export class DataError extends Error {
  /**
   * @param message one line: what is wrong, with which file, and how to fix it.
   * @param file the path concerned, when there is one (for programmatic handling).
   */
  constructor(message: string, readonly file?: string) {
    super(message);
    this.name = 'DataError';
  }
}
