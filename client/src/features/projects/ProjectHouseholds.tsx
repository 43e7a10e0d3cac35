import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { cursorForPage } from '@schoolmix/shared';
import type { ProjectHouseholdsQuery } from '../../gql/graphql';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { ListLoad } from '../../ui/ListStates';
import { EmptyState } from '../../ui/States';
import { TableWrap } from '../../ui/TableWrap';
import { ProjectHouseholdsQuery as HouseholdsQuery } from './project-households.query';
import { SubPager, useSubPage } from './SubPager';

const PAGE_SIZE = 20;
export const HOUSEHOLDS_PAGE_PARAM = 'gezinnen';

type Household = NonNullable<ProjectHouseholdsQuery['project']>['households']['nodes'][number];

const INDICATORS = ['lowEducatedMother', 'schoolAllowance', 'homeLanguageNotDutch', 'childWithSpecialNeeds'] as const;

/**
 * A project's registered families (pseudonymous), newest first. Only rendered for those who may
 * see families; `withCharacteristics` adds the consented characteristics (not for reviewers).
 */
export function ProjectHouseholds({ projectId, withCharacteristics, canRegister }: { projectId: string; withCharacteristics: boolean; canRegister: boolean }) {
  const { t } = useT('projects');
  const page = useSubPage(HOUSEHOLDS_PAGE_PARAM);
  const { data, previousData, error, refetch } = useQuery(HouseholdsQuery, {
    variables: { id: projectId, first: PAGE_SIZE, after: cursorForPage(page, PAGE_SIZE), withCharacteristics },
  });
  const households = (data ?? previousData)?.project?.households;

  function characteristics(h: Household): string {
    if (!h.consentAt) return t('detail.unknown');
    const given = INDICATORS.filter((k) => h[k] === true).map((k) => t(`detail.${k}`));
    if (given.length > 0) return given.join(', ');
    return INDICATORS.some((k) => h[k] == null) ? t('detail.unknown') : t('detail.noIndicators');
  }

  return (
    <section aria-labelledby="households-title">
      <div className="section-head">
        <h2 id="households-title">{t('detail.households')}</h2>
        {canRegister && (
          <Link className="button primary" to={`/projecten/${projectId}/gezinnen/nieuw`}>
            {t('detail.registerHousehold')}
          </Link>
        )}
      </div>
      <p className="lead">
        {t('detail.householdsIntro')} {!withCharacteristics && t('detail.householdsReviewer')}
      </p>
      <ListLoad data={households} error={error} onRetry={refetch} columns={6} rows={4}>
        {(households) =>
          households.totalCount === 0 ? (
            <EmptyState title={canRegister ? t('detail.noHouseholdsCoordinator') : t('detail.noHouseholds')} />
          ) : (
            <>
              <TableWrap label={t('detail.householdsCaption')}>
                <table>
                  <caption>{t('detail.householdsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('detail.reference')}</th>
                      <th scope="col">{t('detail.postcode')}</th>
                      <th scope="col">{t('detail.residence')}</th>
                      <th scope="col" className="num">
                        {t('detail.children')}
                      </th>
                      <th scope="col">{t('detail.registeredOn')}</th>
                      {withCharacteristics && <th scope="col">{t('detail.consent')}</th>}
                      {withCharacteristics && <th scope="col">{t('detail.characteristics')}</th>}
                      <th scope="col" className="num">
                        {t('detail.attendedEvents')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {households.nodes.map((h) => (
                      <tr key={h.id}>
                        <th scope="row" className="nowrap">
                          {h.reference}
                        </th>
                        <td>{h.postcode}</td>
                        <td>{h.residenceNisCode}</td>
                        <td className="num">{fmt.int(h.children)}</td>
                        <td>{fmt.date(h.createdAt)}</td>
                        {withCharacteristics && <td>{h.consentAt ? t('common:yes') : t('common:no')}</td>}
                        {withCharacteristics && <td>{characteristics(h)}</td>}
                        <td className="num">{fmt.int(h.attendances.totalCount)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <SubPager total={households.totalCount} page={page} pageSize={PAGE_SIZE} param={HOUSEHOLDS_PAGE_PARAM} label={t('detail.householdsPager')} />
            </>
          )
        }
      </ListLoad>
    </section>
  );
}
