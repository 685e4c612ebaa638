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
