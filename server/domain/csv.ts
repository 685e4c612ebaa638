// CSV per RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma, quote, CR or LF, quotes
// doubled inside. Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) is prefixed with
// a single quote (OWASP "CSV injection"). Numbers are written as numbers; null is an empty field.

export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Cell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function csvTable(header: string[], rows: Cell[][]): string {
  return csvLine(header) + rows.map(csvLine).join("");
}

/**
 * The UTF-8 byte order mark. Spreadsheet programs (Excel above all) read a CSV without it in the system's legacy
 * code page, which garbles names such as "Dewi Ayu Lestari – Kopi Kenangan"; with it they read UTF-8. Downloads
 * start with it; RFC 4180 readers and `Response.text()` skip it.
 */
export const UTF8_BOM = "\uFEFF";

/** Minutes in a spreadsheet: to a tenth of a minute (bookings can start on a second, e.g. walk-ins). */
export const minutesCell = (v: number | null | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? Math.round(v * 10) / 10 : null);

/** A ratio (utilization, rates) to four decimals, i.e. a hundredth of a percent; null stays empty. */
export const ratioCell = (v: number | null | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? Math.round(v * 10_000) / 10_000 : null);
