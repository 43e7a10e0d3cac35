import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock, type ViewerMock } from '../../test/render';
import { recording } from '../../test/mocks';
import { AuditListQuery } from './audit-list.query';
import AuditPage, { toAuditFilter } from './AuditPage';

const NODE = {
  __typename: 'AuditEvent',
  id: 'a1',
  occurredAt: '2025-03-07T09:15:00.000Z',
  actorKind: 'API_KEY',
  actorLabel: 'API key Boekhouding (abcd1234)',
  requestId: 'req-1',
  operation: 'recordAttendance',
  entity: 'ATTENDANCE',
  entityId: 'x1',
  action: 'INSERT',
  changes: [{ __typename: 'AuditChange', field: 'status', before: null, after: '"ATTENDED"', withheld: false }],
};

function listMock(asked: Record<string, unknown>[]) {
  return recording(AuditListQuery, asked, {
    data: {
      auditEvents: {
        __typename: 'AuditEventConnection',
        totalCount: 1,
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
        nodes: [NODE],
      },
    },
  }, { of: 'variables', always: true });
}

function show(role: ViewerMock['role'], path = '/audit', asked: Record<string, unknown>[] = []) {
  return renderScreen(<AuditPage />, { mocks: [viewerMock({ role }, ViewerQuery), listMock(asked)], path, route: '/audit' });
}

describe('AuditPage', () => {
  afterEach(cleanup);

  it('turns the URL filters into the API filter (Belgian days, the whole last day)', () => {
    expect(toAuditFilter({ entity: 'PROJECT', operation: ' reviewProject ', from: '2025-03-01', to: '2025-03-31' })).toEqual({
      entity: 'PROJECT',
      operation: 'reviewProject',
      from: '2025-02-28T23:00:00.000Z',
      to: '2025-03-31T22:00:00.000Z',
    });
    expect(toAuditFilter({ entity: 'DROP TABLE', operation: '', from: 'x', to: '' })).toBeUndefined();
  });

  it('lists the trail newest first with the filters of the URL, for a reviewer', async () => {
    const asked: Record<string, unknown>[] = [];
    show('REVIEWER', '/audit?entity=ATTENDANCE', asked);
    const table = await screen.findByRole('table', { name: 'Auditgebeurtenissen, nieuwste eerst' });
    const [row] = within(table).getAllByRole('row').slice(1);
    expect(row!.textContent).toContain('API key Boekhouding (abcd1234)');
    expect(row!.textContent).toContain('Aanwezigheid');
    expect(row!.textContent).toContain('Aangemaakt (aanwezigheid geregistreerd)');
    expect(row!.textContent).toContain('Status: — → ATTENDED');
    expect(asked[0]).toMatchObject({ filter: { entity: 'ATTENDANCE' }, orderBy: [{ field: 'OCCURRED_AT', direction: 'DESC' }] });
    expect(screen.getByRole('button', { name: /CSV/ })).toBeTruthy();
  });

  it('is not there for a coordinator', async () => {
    show('COORDINATOR');
    expect(await screen.findByRole('heading', { level: 1 })).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
