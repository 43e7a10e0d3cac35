import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock, type ViewerMock } from '../../test/render';
import { AuditHistoryQuery } from './audit-history.query';
import { HistorySection } from './HistorySection';

const ROW = {
  __typename: 'AuditEvent',
  id: 'a1',
  // 09:15 UTC on 7 March 2025 is 10:15 in Brussels.
  occurredAt: '2025-03-07T09:15:00.000Z',
  actorKind: 'USER',
  actorLabel: 'reviewer@schoolmix.demo',
  operation: 'updateProject',
  entity: 'PROJECT',
  action: 'UPDATE',
  changes: [
    { __typename: 'AuditChange', field: 'subsidyGrantedCents', before: null, after: '5100000', withheld: false },
    { __typename: 'AuditChange', field: 'targetHouseholds', before: '10', after: '12', withheld: false },
  ],
};
const SYSTEM_ROW = {
  ...ROW,
  id: 'a2',
  actorKind: 'SYSTEM',
  actorLabel: 'postgres',
  operation: null,
  entity: 'HOUSEHOLD',
  action: 'INSERT',
  changes: [{ __typename: 'AuditChange', field: 'postcode', before: null, after: null, withheld: true }],
};

function historyMock(nodes: unknown[], totalCount = nodes.length) {
  return {
    request: { query: AuditHistoryQuery, variables: { entityId: 'p1', first: 10, after: null } },
    result: { data: { auditEvents: { __typename: 'AuditEventConnection', totalCount, nodes } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

function show(mocks: unknown[], role: ViewerMock['role'] = 'ADMIN', language: 'nl' | 'en' = 'nl') {
  return renderScreen(<HistorySection entityId="p1" />, { mocks: [viewerMock({ role }, ViewerQuery), ...(mocks as never[])], language });
}

describe('HistorySection', () => {
  afterEach(cleanup);

  it('lists who changed what and when (Brussels time), with euros and withheld family values', async () => {
    show([historyMock([ROW, SYSTEM_ROW])]);
    const table = await screen.findByRole('table', { name: 'Wijzigingen, nieuwste eerst' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText(/07\/03\/2025,? 10:15/)).toBeTruthy();
    expect(within(rows[0]!).getByText('reviewer@schoolmix.demo')).toBeTruthy();
    expect(rows[0]!.textContent).toContain('Gewijzigd (project gewijzigd)');
    expect(rows[0]!.textContent).toContain('Doel (gezinnen): 10 → 12');
    expect(rows[0]!.textContent).toMatch(/Toegekende subsidie: — → €\s51\.000,00/);
    expect(rows[1]!.textContent).toContain('Systeem (postgres)');
    expect(rows[1]!.textContent).toContain('postcode: gewijzigd (waarde niet bewaard)');
    expect(rows[1]!.textContent).not.toMatch(/9000/);
  });

  it('says so when nothing was recorded yet', async () => {
    show([historyMock([])]);
    expect(await screen.findByText('Nog geen wijzigingen geregistreerd.')).toBeTruthy();
  });

  it('offers a retry when the history cannot be loaded', async () => {
    show([{ request: { query: AuditHistoryQuery, variables: { entityId: 'p1', first: 10, after: null } }, error: new Error('offline') }]);
    expect(await screen.findByRole('button', { name: /opnieuw/i })).toBeTruthy();
  });

  it('speaks English', async () => {
    show([historyMock([ROW])], 'REVIEWER', 'en');
    const table = await screen.findByRole('table', { name: 'Changes, newest first' });
    expect(table.textContent).toContain('Target (households): 10 → 12');
    expect(screen.getByRole('heading', { name: 'History' })).toBeTruthy();
  });

  it('is left out for analysts, who may not read the audit trail', async () => {
    show([historyMock([ROW])], 'ANALYST');
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('heading', { name: 'Geschiedenis' })).toBeNull();
  });
});
