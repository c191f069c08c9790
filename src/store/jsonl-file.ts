/**
 * Step-keyed JSON-lines files (records.jsonl, timings.jsonl). Each line is one JSON object with an
 * integer `step`, written whole and newline-terminated. A line without its newline is a torn write
 * from a killed process: readers ignore it, and `truncateJsonl` removes it. Kept lines are copied
 * byte for byte, so a resumed run's file equals an uninterrupted run's.
 */
import * as fs from 'fs';
import { writeFileAtomic } from '../checkpoint/atomic-file';
import { asDiskFault } from '../util/disk-fault';
import { decodeJson, encodeJson, isJsonObject } from '../checkpoint/json-codec';

/** One parsed line. */
export interface JsonlLine {
  /** The line's exact text, without the newline. */
  readonly text: string;
  readonly row: Record<string, unknown>;
  readonly step: number;
}

/** What a JSON-lines file holds. */
export interface JsonlContent {
  readonly lines: JsonlLine[];
  /** Bytes of an unterminated last line (a torn write); 0 when the file ends cleanly. */
  readonly tornBytes: number;
}

/**
 * Serialises one row as a line (NaN/±Infinity kept as strings, see json-codec.ts).
 * @throws Error unless `row.step` is a non-negative integer.
 * @example encodeLine({ step: 3, loss: 0.5 }) // '{"step":3,"loss":0.5}\n'
 */
export function encodeLine(row: object): string {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error('a record must be a plain object');
  const step = (row as { step?: unknown }).step;
  if (!isStep(step)) throw new Error(`a record needs an integer step ≥ 0, got ${JSON.stringify(step)}`);
  return encodeJson(row) + '\n';
}

/**
 * Reads the complete lines of `file` (missing file → no lines).
 * @throws Error naming the file and line for a complete line that is not a JSON object with a step.
 */
export function readJsonl(file: string): JsonlContent {
  if (!fs.existsSync(file)) return { lines: [], tornBytes: 0 };
  const text = fs.readFileSync(file, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  const lines: JsonlLine[] = [];
  text.slice(0, end).split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    lines.push(parseLine(line, `${file}:${i + 1}`));
  });
  return { lines, tornBytes: Buffer.byteLength(text.slice(end), 'utf8') };
}

/** What a rewrite kept and removed. */
export interface TruncateResult {
  /** The lines kept, in order. */
  readonly kept: JsonlLine[];
  /** Complete lines removed. */
  readonly dropped: number;
  /** Whether a torn (unterminated) last line was removed. */
  readonly torn: boolean;
}

/**
 * Rewrites `file` atomically keeping only the complete lines that `keep` accepts (a torn last
 * line always goes); a no-op when nothing would change.
 * @param file a JSON-lines file (missing → nothing kept).
 * @param keep decides per line, given its 0-based index among the complete lines.
 * @example truncateJsonl(file, (line) => line.step <= 100)
 */
export function truncateJsonl(file: string, keep: (line: JsonlLine, index: number) => boolean): TruncateResult {
  const { lines, tornBytes } = readJsonl(file);
  const kept = lines.filter(keep);
  const dropped = lines.length - kept.length;
  if (dropped > 0 || tornBytes > 0) writeFileAtomic(file, kept.map((l) => l.text + '\n').join(''));
  return { kept, dropped, torn: tornBytes > 0 };
}

/**
 * Appends already-encoded lines in one write; with `durable`, fsyncs before returning. A write that
 * fails (a full disk) is cut back off, so the file never keeps half a line that a later append
 * would glue onto.
 * @param file created if missing.
 * @param text whole lines, each ending in a newline.
 * @throws DiskFaultError naming `file` when the disk is full, read-only or not writable.
 */
export function appendText(file: string, text: string, durable: boolean): void {
  if (text === '' && !durable) return;
  let fd: number | undefined;
  let size = 0;
  try {
    fd = fs.openSync(file, 'a');
    size = fs.fstatSync(fd).size;
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.byteLength) done += fs.writeSync(fd, bytes, done, bytes.byteLength - done);
    if (durable) fs.fsyncSync(fd);
  } catch (err) {
    if (fd !== undefined) cutBack(fd, size);
    throw asDiskFault(err, file, 'appending to it');
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function cutBack(fd: number, size: number): void {
  try {
    fs.ftruncateSync(fd, size);
  } catch {
    // the reader treats an unterminated tail as torn, and a resume removes it
  }
}

function parseLine(text: string, where: string): JsonlLine {
  let row: unknown;
  try {
    row = decodeJson(text);
  } catch (err) {
    throw new Error(`${where}: not valid JSON (${(err as Error).message}); the file is corrupt`);
  }
  if (!isJsonObject(row) || !isStep(row.step)) throw new Error(`${where}: expected a JSON object with an integer "step"`);
  return { text, row, step: row.step };
}

function isStep(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
