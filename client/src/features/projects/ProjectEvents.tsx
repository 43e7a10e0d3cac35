import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { cursorForPage } from '@schoolmix/shared';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { ListLoad } from '../../ui/ListStates';
import { Count, EmptyState } from '../../ui/States';
import { DataTable } from '../../ui/DataTable';
import { ProjectEventsQuery } from './project-events.query';
import { SubPager, useSubPage } from './SubPager';
import { paths } from '../../app/paths';

const PAGE_SIZE = 20;
export const EVENTS_PAGE_PARAM = 'activiteiten';

/** A project's parent evenings and school visits, a page at a time, with their attendance. */
export function ProjectEvents({ projectId, canAdd }: { projectId: string; canAdd: boolean }) {
  const { t } = useT('projects');
  const page = useSubPage(EVENTS_PAGE_PARAM);
  const { data, previousData, error, refetch } = useQuery(ProjectEventsQuery, {
    variables: { id: projectId, first: PAGE_SIZE, after: cursorForPage(page, PAGE_SIZE) },
  });
  const events = (data ?? previousData)?.project?.events;
  return (
    <section aria-labelledby="events-title">
      <div className="section-head">
        <h2 id="events-title">{t('detail.events')}</h2>
        {canAdd && (
          <Link className="button" to={paths.eventNew(projectId)}>
            {t('detail.addEvent')}
          </Link>
        )}
      </div>
      <ListLoad data={events} error={error} onRetry={refetch} columns={6} rows={4}>
        {(events) =>
          events.totalCount === 0 ? (
            <EmptyState title={canAdd ? t('detail.noEventsCoordinator') : t('detail.noEvents')} />
          ) : (
            <>
              <DataTable
                caption={t('detail.eventsCaption')}
                rows={events.nodes}
                rowKey={(event) => event.id}
                columns={[
                  { key: 'date', header: t('detail.date'), cell: (event) => fmt.dateTime(event.startsAt) },
                  {
                    key: 'type',
                    header: t('detail.type'),
                    cell: (event) => (
                      <>
                        {t(`common:eventType.${event.type}`)}
                        {event.cancelledAt && (
                          <>
                            {' '}
                            <span className="badge bad">{t('detail.cancelled')}</span>
                          </>
                        )}
                      </>
                    ),
                  },
                  { key: 'venue', header: t('detail.venue'), cell: (event) => <Link to={paths.event(event.id)}>{event.venue}</Link> },
                  { key: 'organizer', header: t('detail.organizer'), cell: (event) => event.organizer.name },
                  { key: 'attended', header: t('detail.attended'), numeric: true, cell: (event) => <Count value={event.attended} /> },
                  { key: 'registered', header: t('detail.registered'), numeric: true, cell: (event) => <Count value={event.registered} /> },
                  { key: 'noShow', header: t('detail.noShow'), numeric: true, cell: (event) => <Count value={event.noShow} /> },
                ]}
              />
              <SubPager total={events.totalCount} page={page} pageSize={PAGE_SIZE} param={EVENTS_PAGE_PARAM} label={t('detail.eventsPager')} />
            </>
          )
        }
      </ListLoad>
    </section>
  );
}
