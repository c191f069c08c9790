/**
 * HTML tables for Arquero tables or arrays of row objects: escaped strings, numbers
 * formatted for reading (4 significant digits, exponent for very large/small values).
 */
import { displayHtml } from '../display/kernel';

/** What Arquero's ColumnTable offers that we need (duck-typed: no runtime import). */
export interface TableLike {
  /** Column names in order. */
  columnNames(): string[];
  /** Total number of rows. */
  numRows(): number;
  /** Rows as plain objects. */
  objects(options?: { limit?: number }): object[];
}

/** Options of {@link tableHtml}. */
export interface TableOptions {
  /** Maximum rows shown (default 50); a footer tells how many were left out. */
  limit?: number;
  /** Columns to show, in order (default: all). */
  columns?: string[];
  /** Significant digits for non-integers (default 4). */
  digits?: number;
  /** Caption above the table. */
  caption?: string;
}

/** Escapes `& < > " '` for HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Formats a number: integers exactly, others with `digits` significant digits. */
export function formatNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(digits)));
}

/** Formats any cell value as display text (before escaping). */
export function formatCell(v: unknown, digits = 4): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumber(v, digits);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return v;
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const arr = Array.from(v as ArrayLike<unknown>);
    const shown = arr.slice(0, 8).map((e) => formatCell(e, digits)).join(', ');
    return `[${shown}${arr.length > 8 ? `, … (${arr.length})` : ''}]`;
  }
  return JSON.stringify(v) ?? String(v);
}

function isTableLike(x: unknown): x is TableLike {
  const t = x as Partial<TableLike> | null;
  return t !== null && typeof t === 'object' && typeof t.objects === 'function' &&
    typeof t.columnNames === 'function' && typeof t.numRows === 'function';
}

function rowsOf(input: TableLike | readonly Record<string, unknown>[], limit: number) {
  if (isTableLike(input)) {
    const rows = input.objects({ limit: limit }) as Record<string, unknown>[];
    return { rows: rows, total: input.numRows(), names: input.columnNames() };
  }
  const names: string[] = [];
  for (const r of input) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
  return { rows: input.slice(0, limit), total: input.length, names: names };
}

const CELL = 'padding:2px 10px;border-bottom:1px solid #ddd;';

/** An HTML `<table>` of an Arquero table or row objects; numbers right-aligned. */
export function tableHtml(input: TableLike | readonly Record<string, unknown>[], o: TableOptions = {}): string {
  const limit = o.limit ?? 50;
  const { rows, total, names } = rowsOf(input, limit);
  const cols = o.columns ?? names;
  const numeric = cols.map((c) => rows.length > 0 && rows.every((r) => r[c] == null || typeof r[c] === 'number'));
  const align = (j: number) => `text-align:${numeric[j] ? 'right' : 'left'};`;
  const head = cols.map((c, j) => `<th style="${CELL}${align(j)}">${escapeHtml(c)}</th>`).join('');
  const body = rows.map((r) => '<tr>' + cols.map((c, j) =>
    `<td style="${CELL}${align(j)}">${escapeHtml(formatCell(r[c], o.digits))}</td>`).join('') + '</tr>');
  const more = total > rows.length
    ? `<tr><td colspan="${cols.length}" style="${CELL}color:#777;">… ${total - rows.length} more rows (${total} total)</td></tr>`
    : '';
  const caption = o.caption === undefined ? '' : `<caption style="text-align:left;font-weight:bold;">${escapeHtml(o.caption)}</caption>`;
  return `<table class="sl-table" style="border-collapse:collapse;font-variant-numeric:tabular-nums;">` +
    `${caption}<thead><tr>${head}</tr></thead><tbody>${body.join('')}${more}</tbody></table>`;
}

/**
 * Displays {@link tableHtml} in the current cell. Returns nothing on purpose: tslab
 * prints a cell's last expression value, which would dump the HTML as text.
 */
export function showTable(input: TableLike | readonly Record<string, unknown>[], o: TableOptions = {}): void {
  displayHtml(tableHtml(input, o));
}
