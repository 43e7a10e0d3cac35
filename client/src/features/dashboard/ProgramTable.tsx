import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { formatEuro } from '@schoolmix/shared';

export const PROGRAM_QUERY = gql`
  query ProgramOverview {
    fundingPeriods {
      nodes {
        id
        label
        report: programReport {
          budget
          representedLocalGovernments
          committed
          realised
          pending
        }
      }
    }
  }
`;

interface Row {
  id: string;
  label: string;
  report: { budget: number; representedLocalGovernments: number; committed: number; realised: number | null; pending: boolean };
}

const number = new Intl.NumberFormat('nl-BE');

/** The published programme table: budget, represented local governments, committed, realised. */
export function ProgramTable() {
  const { data, loading, error } = useQuery<{ fundingPeriods: { nodes: Row[] } }>(PROGRAM_QUERY);
  if (loading) return <p role="status">Laden…</p>;
  if (error) return <p role="alert">Het programma kon niet geladen worden: {error.message}</p>;
  const rows = data?.fundingPeriods.nodes ?? [];
  if (rows.length === 0) return <p>Nog geen projectperiodes. Laad de demodata met <code>pnpm db:seed -- --dataset demo</code>.</p>;
  return (
    <table>
      <caption>Actie 20 per projectperiode</caption>
      <thead>
        <tr>
          <th scope="col">Projectperiode</th>
          <th scope="col">Budget</th>
          <th scope="col">Vertegenwoordigde lokale besturen</th>
          <th scope="col">Aantal geëngageerd</th>
          <th scope="col">Aantal gerealiseerd</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <th scope="row">{row.label}</th>
            <td>{formatEuro(row.report.budget)}</td>
            <td>{number.format(row.report.representedLocalGovernments)}</td>
            <td>{number.format(row.report.committed)}</td>
            <td>{row.report.pending ? 'Eindrapportage nog niet afgerond' : number.format(row.report.realised ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
