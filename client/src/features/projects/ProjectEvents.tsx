import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { cursorForPage } from '@schoolmix/shared';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { ListLoad } from '../../ui/ListStates';
import { Count, EmptyState } from '../../ui/States';
import { TableWrap } from '../../ui/TableWrap';
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
              <TableWrap label={t('detail.eventsCaption')}>
                <table>
                  <caption>{t('detail.eventsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('detail.date')}</th>
                      <th scope="col">{t('detail.type')}</th>
                      <th scope="col">{t('detail.venue')}</th>
                      <th scope="col">{t('detail.organizer')}</th>
                      <th scope="col" className="num">
                        {t('detail.attended')}
                      </th>
                      <th scope="col" className="num">
                        {t('detail.registered')}
                      </th>
                      <th scope="col" className="num">
                        {t('detail.noShow')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {events.nodes.map((event) => (
                      <tr key={event.id}>
                        <td>{fmt.dateTime(event.startsAt)}</td>
                        <td>
                          {t(`common:eventType.${event.type}`)}
                          {event.cancelledAt && (
                            <>
                              {' '}
                              <span className="badge bad">{t('detail.cancelled')}</span>
                            </>
                          )}
                        </td>
                        <td>
                          <Link to={paths.event(event.id)}>{event.venue}</Link>
                        </td>
                        <td>{event.organizer.name}</td>
                        <td className="num">
                          <Count value={event.attended} />
                        </td>
                        <td className="num">
                          <Count value={event.registered} />
                        </td>
                        <td className="num">
                          <Count value={event.noShow} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <SubPager total={events.totalCount} page={page} pageSize={PAGE_SIZE} param={EVENTS_PAGE_PARAM} label={t('detail.eventsPager')} />
            </>
          )
        }
      </ListLoad>
    </section>
  );
}
