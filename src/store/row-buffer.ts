/**
 * The in-memory tail of one JSON-lines file (records.jsonl or timings.jsonl): rows are encoded and
 * step-checked on append, kept in memory, and written in one append at flush. It counts the
 * complete lines on disk, which run checkpoints store so a resume can cut the file exactly.
 */
import * as path from 'path';
import { appendText, encodeLine } from './jsonl-file';

/** Buffered appends to one step-keyed JSON-lines file. */
export class RowBuffer {
  private pending: string[] = [];
  private onDisk: number;
  private last: number;

  /**
   * @param file the JSON-lines file (created on first flush).
   * @param lines complete lines already in it.
   * @param lastStep step of its last line (0 when empty).
   */
  constructor(private readonly file: string, lines: number, lastStep: number) {
    this.onDisk = lines;
    this.last = lastStep;
  }

  /** Complete lines written to the file so far. */
  get lines(): number { return this.onDisk; }
  /** The step of the latest row appended. */
  get lastStep(): number { return this.last; }

  /**
   * Buffers a row.
   * @throws Error when `row.step` is not an integer ≥ 0 or is below the previous row's step.
   */
  push(row: object): void {
    const line = encodeLine(row); // validates `step`
    const step = (row as { step: number }).step;
    if (step < this.last) {
      throw new Error(`${path.basename(this.file)}: step ${step} comes after step ${this.last}; steps must not decrease`);
    }
    this.last = step;
    this.pending.push(line);
  }

  /**
   * Appends the buffered rows in one write.
   * @param durable fsync before returning.
   */
  flush(durable: boolean): void {
    appendText(this.file, this.pending.join(''), durable);
    this.onDisk += this.pending.length;
    this.pending = [];
  }
}
