import { useMutation, useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { Pager } from '../../ui/Pager';
import { TableSkeleton } from '../../ui/Skeleton';
import { ErrorState, useErrorMessage } from '../../ui/States';
import { useToast } from '../../ui/Toast';
import { useListState } from '../../ui/useListState';
import { MarkNotificationsReadMutation } from './notifications.mutation';
import { NotificationsQuery } from './notifications.query';
import './notifications.i18n';

/**
 * `/meldingen`: the signed-in user's reminders, newest first, with "only unread" in the URL.
 * Marking read updates the menu's unread count (the Viewer query is fetched again).
 */
export default function NotificationsPage() {
  const { t } = useT('notifications');
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const list = useListState({ filters: ['ongelezen'], defaultSort: { field: 'createdAt', direction: 'DESC' }, sortFields: ['createdAt'], pageSize: 20 });
  const unreadOnly = list.filters.ongelezen === '1';
  const { data, loading, error, refetch } = useQuery(NotificationsQuery, { variables: { first: list.paging.first, after: list.paging.after, unreadOnly } });
  const [mark, { loading: marking }] = useMutation(MarkNotificationsReadMutation, { refetchQueries: ['Viewer', 'Notifications'], awaitRefetchQueries: true });

  const nodes = data?.notifications.nodes ?? [];
  async function markRead(ids: string[]) {
    try {
      const result = await mark({ variables: { input: { ids } } });
      const payload = result.data?.markNotificationsRead;
      if (payload && payload.userErrors.length === 0) toast(t('marked', { count: payload.markedCount ?? 0 }));
    } catch (e) {
      toast(t('failed', { message: errorMessage(e as Error) }));
    }
  }
  const unreadHere = nodes.filter((n) => !n.readAt).map((n) => n.id);

  return (
    <>
      <PageHeader title={t('title')} lead={t('lead')} />
      <div className="filters">
        <label>
          <input type="checkbox" checked={unreadOnly} onChange={(e) => list.setFilters({ ongelezen: e.target.checked ? '1' : '' })} /> {t('unreadOnly')}
        </label>
        {unreadHere.length > 0 && (
          <button type="button" disabled={marking} onClick={() => void markRead(unreadHere)}>
            {t('markAllRead')}
          </button>
        )}
      </div>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : loading && !data ? (
        <TableSkeleton columns={3} rows={3} />
      ) : nodes.length === 0 ? (
        <p className="empty">{unreadOnly ? t('emptyUnread') : t('empty')}</p>
      ) : (
        <>
          <ul className="notifications">
            {nodes.map((n) => (
              <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                <article aria-labelledby={`notification-${n.id}`}>
                  <h2 id={`notification-${n.id}`}>
                    {!n.readAt && <span className="badge warn">{t('unread')}</span>} {n.subject}
                  </h2>
                  <p className="hint">
                    <span className={`badge ${n.kind === 'OVERDUE' ? 'bad' : ''}`.trim()}>{t(`kinds.${n.kind}`)}</span> {t('received', { when: fmt.dateTime(n.createdAt) })} ·{' '}
                    {t('dueOn', { date: fmt.date(n.dueOn) })}
                  </p>
                  <p style={{ whiteSpace: 'pre-line' }}>{n.body}</p>
                  <p>
                    <Link to={n.link}>{n.project ? `${t('open')}: ${n.project.title}` : t('open')}</Link>
                    {!n.readAt && (
                      <>
                        {' '}
                        <button type="button" className="secondary" disabled={marking} onClick={() => void markRead([n.id])}>
                          {t('markRead')}
                        </button>
                      </>
                    )}
                  </p>
                </article>
              </li>
            ))}
          </ul>
          <Pager total={data?.notifications.totalCount ?? 0} page={list.page} pageSize={list.pageSize} searchForPage={list.searchForPage} />
        </>
      )}
    </>
  );
}
