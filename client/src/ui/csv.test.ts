import { describe, expect, it } from 'vitest';
import { type CsvColumn, toCsv } from './csv';

interface Row {
  venue: string;
  amount: number;
  online: boolean;
}

const columns: CsvColumn<Row>[] = [
  { header: 'locatie', value: (r) => r.venue },
  { header: 'bedrag', value: (r) => r.amount },
  { header: 'online', value: (r) => r.online },
];

describe('toCsv', () => {
  it('neutralises text cells that a spreadsheet would read as a formula, but keeps negative numbers numbers', async () => {
    const csv = await toCsv<Row>(
      [
        { venue: '=HYPERLINK("x")', amount: -3.5, online: true },
        { venue: '@SUM(1)', amount: 2, online: false },
        { venue: '+32 9 123', amount: 0, online: false },
        { venue: '-bar', amount: 1, online: false },
        { venue: '\tTAB', amount: 1, online: false },
        { venue: 'Zaal De Centrale', amount: 1, online: false },
      ],
      columns,
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toEqual([
      'locatie;bedrag;online',
      `"'=HYPERLINK(""x"")";-3,5;ja`,
      "'@SUM(1);2;nee",
      "'+32 9 123;0;nee",
      "'-bar;1;nee",
      "'\tTAB;1;nee",
      'Zaal De Centrale;1;nee',
      '',
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
