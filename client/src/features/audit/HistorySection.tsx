import { useQuery } from '@apollo/client/react';
import { cursorForPage } from '@schoolmix/shared';
import { useCan } from '../../app/SessionProvider';
import type { AuditHistoryQuery as AuditHistoryData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { ListLoad } from '../../ui/ListStates';
import { EmptyState } from '../../ui/States';
import { DataTable } from '../../ui/DataTable';
import { SubPager, useSubPage } from '../projects/SubPager';
import { AuditHistoryQuery } from './audit-history.query';
import './audit.i18n';
import './audit.css';

const PAGE_SIZE = 10;
export const HISTORY_PAGE_PARAM = 'geschiedenis';

type AuditRow = AuditHistoryData['auditEvents']['nodes'][number];
type Change = Pick<AuditRow['changes'][number], 'field' | 'before' | 'after' | 'withheld'>;
type T = ReturnType<typeof useT>['t'];

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A recorded value (JSON) as a person reads it: euros for cents, Brussels time for moments, counts for lists. */
function readable(json: string | null, field: string, t: T): string {
  if (json === null) return t('history.none');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return json;
  }
  if (value === null) return t('history.none');
  if (typeof value === 'number' && field.endsWith('Cents')) return fmt.euro(value / 100);
  if (typeof value === 'number') return fmt.int(value);
  if (typeof value === 'boolean') return value ? t('history.yes') : t('history.no');
  if (typeof value === 'string' && ISO_DATE_TIME.test(value)) return fmt.dateTime(value);
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string' && v.length <= 3) ? value.join(', ') : t('history.items', { count: value.length });
  if (typeof value === 'string') return value;
  return json;
}

export function ChangeList({ changes }: { changes: readonly Change[] }) {
  const { t } = useT('audit');
  if (changes.length === 0) return <>{t('history.none')}</>;
  return (
    <ul className="audit-changes">
      {changes.map((c) => (
        <li key={c.field}>
          <span className="audit-field">{t(`field.${c.field}`, { defaultValue: c.field })}</span>
          {': '}
          {c.withheld ? (
            <em>{t('history.withheld')}</em>
          ) : (
            <>
              <del>{readable(c.before ?? null, c.field, t)}</del> → <ins>{readable(c.after ?? null, c.field, t)}</ins>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * "Geschiedenis": who changed a project or an event, when (Brussels time) and what, from the
 * audit trail, a page at a time. Shown to administrators, reviewers and coordinators (who see
 * their own municipality's rows); other roles may not read the trail, so it is left out for them.
 */
export function HistorySection({ entityId }: { entityId: string }) {
  const allowed = useCan('ADMIN', 'REVIEWER', 'COORDINATOR');
  if (!allowed) return null;
  return <History entityId={entityId} />;
}

function History({ entityId }: { entityId: string }) {
  const { t } = useT('audit');
  const page = useSubPage(HISTORY_PAGE_PARAM);
  const { data, previousData, error, refetch } = useQuery(AuditHistoryQuery, {
    variables: { entityId, first: PAGE_SIZE, after: cursorForPage(page, PAGE_SIZE) },
    fetchPolicy: 'cache-and-network',
  });
  const events = (data ?? previousData)?.auditEvents;
  return (
    <section aria-labelledby="audit-history-title" className="audit-history">
      <h2 id="audit-history-title">{t('history.title')}</h2>
      <ListLoad data={events} error={error} onRetry={refetch} columns={4} rows={3}>
        {(events) =>
          events.totalCount === 0 ? (
            <EmptyState title={t('history.empty')} />
          ) : (
            <>
              <DataTable
                caption={t('history.caption')}
                rows={events.nodes}
                rowKey={(row) => row.id}
                columns={[
                  { key: 'when', header: t('history.when'), cell: (row) => <time dateTime={row.occurredAt}>{fmt.dateTime(row.occurredAt)}</time> },
                  { key: 'who', header: t('history.who'), cell: (row) => (row.actorKind === 'SYSTEM' ? t('history.system', { label: row.actorLabel }) : row.actorLabel) },
                  {
                    key: 'what',
                    header: t('history.what'),
                    cell: (row) => (
                      <>
                        {t(`action.${row.action}`)}
                        {row.operation && (
                          <>
                            {' '}
                            <span className="audit-operation">({t(`operation.${row.operation}`, { defaultValue: row.operation })})</span>
                          </>
                        )}
                      </>
                    ),
                  },
                  { key: 'changes', header: t('history.changes'), cell: (row) => <ChangeList changes={row.changes} /> },
                ]}
              />
              <SubPager total={events.totalCount} page={page} pageSize={PAGE_SIZE} param={HISTORY_PAGE_PARAM} label={t('history.pager')} />
            </>
          )
        }
      </ListLoad>
    </section>
  );
}
