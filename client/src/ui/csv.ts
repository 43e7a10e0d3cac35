/** A CSV for Excel with Dutch settings, as the server's exports: `;`, decimal comma, UTF-8 BOM, CRLF. */
export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
  header: string;
  value(row: T): CsvValue;
}

function cell(value: CsvValue): string {
  if (value == null) return '';
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (typeof value === 'number') return String(value).replace('.', ',');
  // CSV injection (OWASP): a text cell that a spreadsheet would read as a formula gets a leading `'`.
  // Numbers (also negative ones) took the branch above and stay numbers.
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export async function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): Promise<string> {
  const { unparse } = (await import('papaparse')).default;
  const body = unparse(
    { fields: columns.map((c) => c.header), data: rows.map((row) => columns.map((c) => cell(c.value(row)))) },
    { delimiter: ';', newline: '\r\n', quotes: false },
  );
  return `\uFEFF${body}\r\n`;
}

export function saveFile(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  saveBlob(name, new Blob([text], { type }));
}

/** Hands `blob` to the browser as a download named `name`. */
export function saveBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
