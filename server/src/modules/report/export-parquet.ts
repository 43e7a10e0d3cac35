import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { type ColumnType, EXPORT_DICTIONARY, type ExportRow } from './export-dictionary.js';

/**
 * GET /export/<report>.parquet: the same rows as the CSV and NDJSON, as Apache Parquet for the data
 * teams' own tools (DuckDB, pandas/pyarrow, Power BI, Spark). Written with hyparquet-writer (pure
 * JavaScript, no native code, snappy built in), one row group per batch of the report, streamed:
 * each row group goes to the response as soon as it is encoded.
 *
 * Column types follow the data dictionary (export-dictionary.ts):
 *   string, uuid → UTF8 string · integer → INT32 · decimal → DOUBLE · boolean → BOOLEAN ·
 *   date → DATE · datetime → TIMESTAMP (milliseconds, UTC-adjusted: an instant; the Brussels
 *   offset of the CSV/NDJSON is a presentation the reading tool applies itself) ·
 *   object (`suppressed`) → JSON string.
 * Every column is OPTIONAL (nullable): a withheld count is null, as in the other formats.
 */

const ELEMENT: Record<ColumnType, Omit<SchemaElement, 'name'>> = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  uuid: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  integer: { type: 'INT32' },
  decimal: { type: 'DOUBLE' },
  boolean: { type: 'BOOLEAN' },
  date: { type: 'INT32', converted_type: 'DATE' },
  datetime: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' },
  object: { type: 'BYTE_ARRAY', converted_type: 'JSON' },
};

function typeOf(report: string, column: string): ColumnType {
  const spec = EXPORT_DICTIONARY[report]?.[column];
  if (!spec) throw new Error(`export ${report}: column ${column} is not in the data dictionary`);
  return spec.type;
}

export function parquetSchema(report: string, columns: readonly string[]): SchemaElement[] {
  return [
    { name: 'root', num_children: columns.length },
    ...columns.map((name): SchemaElement => ({ name, ...ELEMENT[typeOf(report, name)], repetition_type: 'OPTIONAL' })),
  ];
}

function parquetValue(type: ColumnType, value: ExportRow[string] | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'date' && typeof value === 'string') return new Date(`${value}T00:00:00Z`);
  if (type === 'datetime' && typeof value === 'string') return new Date(value);
  return value;
}

/** A ByteWriter that hands each encoded row group to `sink` and forgets it (bounded memory). */
class StreamingWriter extends ByteWriter {
  constructor(private readonly sink: (chunk: Uint8Array) => void | Promise<void>) {
    super(64 * 1024);
  }

  flush(): void | Promise<void> {
    if (this.index === 0) return;
    const chunk = new Uint8Array(this.buffer, 0, this.index).slice();
    this.index = 0;
    return this.sink(chunk);
  }

  // ByteWriter declares finish(): void; ParquetWriter awaits what it returns (the last chunk's drain).
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  override finish(): void | Promise<void> {
    return this.flush();
  }
}

/** Writes a report's batches as one Parquet file into `sink`. */
export async function writeParquet(report: string, columns: readonly string[], batches: AsyncIterable<ExportRow[]>, sink: (chunk: Uint8Array) => void | Promise<void>): Promise<void> {
  const types = columns.map((c) => typeOf(report, c));
  const writer = new ParquetWriter({ writer: new StreamingWriter(sink), schema: parquetSchema(report, columns), createdBy: 'schoolmix' });
  for await (const rows of batches) {
    if (rows.length === 0) continue;
    const columnData = columns.map((name, i) => ({ name, data: rows.map((row) => parquetValue(types[i]!, row[name])) }));
    await writer.write({ columnData, rowGroupSize: rows.length });
  }
  await writer.finish();
}
