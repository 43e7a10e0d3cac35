import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { cursorForPage } from '@schoolmix/shared';
import type { ProjectHouseholdsQuery } from '../../gql/graphql';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { ListLoad } from '../../ui/ListStates';
import { EmptyState } from '../../ui/States';
import { DataTable } from '../../ui/DataTable';
import { useToast } from '../../ui/Toast';
import { fieldOf } from '../../ui/user-errors';
import { EraseHouseholdMutation, WithdrawConsentMutation } from './household-privacy.mutation';
import { ProjectHouseholdsQuery as HouseholdsQuery } from './project-households.query';
import { SubPager, useSubPage } from './SubPager';
import './projects.i18n';
import { paths } from '../../app/paths';

const PAGE_SIZE = 20;
export const HOUSEHOLDS_PAGE_PARAM = 'gezinnen';

type Household = NonNullable<ProjectHouseholdsQuery['project']>['households']['nodes'][number];

const INDICATORS = ['lowEducatedMother', 'schoolAllowance', 'homeLanguageNotDutch', 'childWithSpecialNeeds'] as const;

/** The change a coordinator is about to confirm for one family (issue 15: consent and erasure). */
type Pending = { kind: 'withdraw' | 'erase'; id: string; reference: string };

/**
 * A project's registered families (pseudonymous), newest first. Only rendered for those who may
 * see families; `withCharacteristics` adds the consented characteristics (not for reviewers).
 * `canChange` (coordinators and integrators of the municipality, administrators) adds per family
 * "withdraw consent" and "erase", each behind a confirmation that says what changes — also in a
 * closed project: the server allows both there.
 */
export function ProjectHouseholds({
  projectId,
  withCharacteristics,
  canRegister,
  canChange = false,
}: {
  projectId: string;
  withCharacteristics: boolean;
  canRegister: boolean;
  canChange?: boolean;
}) {
  const { t } = useT('projects');
  const page = useSubPage(HOUSEHOLDS_PAGE_PARAM);
  const [pending, setPending] = useState<Pending | null>(null);
  const actions = canChange && withCharacteristics;
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
          <Link className="button primary" to={paths.householdNew(projectId)}>
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
              <DataTable
                caption={t('detail.householdsCaption')}
                rows={households.nodes}
                rowKey={(h) => h.id}
                columns={[
                  { key: 'reference', header: t('detail.reference'), rowHeader: true, className: 'nowrap', cell: (h) => h.reference },
                  { key: 'postcode', header: t('detail.postcode'), cell: (h) => h.postcode },
                  { key: 'residence', header: t('detail.residence'), cell: (h) => h.residenceNisCode },
                  { key: 'children', header: t('detail.children'), numeric: true, cell: (h) => fmt.int(h.children) },
                  { key: 'registeredOn', header: t('detail.registeredOn'), cell: (h) => fmt.date(h.createdAt) },
                  withCharacteristics && { key: 'consent', header: t('detail.consent'), cell: (h: Household) => (h.consentAt ? t('common:yes') : t('common:no')) },
                  withCharacteristics && { key: 'characteristics', header: t('detail.characteristics'), cell: (h: Household) => characteristics(h) },
                  { key: 'attendedEvents', header: t('detail.attendedEvents'), numeric: true, cell: (h) => fmt.int(h.attendances.totalCount) },
                  actions && {
                    key: 'actions',
                    header: t('detail.actions'),
                    className: 'nowrap',
                    cell: (h: Household) => (
                      <>
                        {h.consentAt && (
                          <button
                            type="button"
                            aria-label={t('detail.withdrawConsentFor', { reference: h.reference })}
                            aria-expanded={pending?.id === h.id && pending.kind === 'withdraw'}
                            onClick={() => setPending({ kind: 'withdraw', id: h.id, reference: h.reference })}
                          >
                            {t('detail.withdrawConsent')}
                          </button>
                        )}{' '}
                        <button
                          type="button"
                          className="danger"
                          aria-label={t('detail.eraseFor', { reference: h.reference })}
                          aria-expanded={pending?.id === h.id && pending.kind === 'erase'}
                          onClick={() => setPending({ kind: 'erase', id: h.id, reference: h.reference })}
                        >
                          {t('detail.erase')}
                        </button>
                      </>
                    ),
                  },
                ]}
              />
              {pending && (
                <ConfirmPanel
                  key={`${pending.kind}-${pending.id}`}
                  pending={pending}
                  onDone={(erased) => {
                    setPending(null);
                    if (erased) void refetch();
                  }}
                  onClose={() => setPending(null)}
                />
              )}
              <SubPager total={households.totalCount} page={page} pageSize={PAGE_SIZE} param={HOUSEHOLDS_PAGE_PARAM} label={t('detail.householdsPager')} />
            </>
          )
        }
      </ListLoad>
    </section>
  );
}

/**
 * Asks before withdrawing consent or erasing, saying what changes: the family keeps counting as
 * reached; its characteristics go (withdrawal) or its record is anonymised (erasure, with an
 * optional reason the server checks for identifiers). The project's figures are fetched again.
 */
function ConfirmPanel({ pending, onDone, onClose }: { pending: Pending; onDone: (erased: boolean) => void; onClose: () => void }) {
  const { t } = useT('projects');
  const toast = useToast();
  const heading = useRef<HTMLHeadingElement>(null);
  const [reason, setReason] = useState('');
  const [withdraw, withdrawn] = useMutation(WithdrawConsentMutation, { refetchQueries: ['ProjectDetail'] });
  const [erase, erased] = useMutation(EraseHouseholdMutation, { refetchQueries: ['ProjectDetail'] });
  useEffect(() => heading.current?.focus(), []);
  const erasing = pending.kind === 'erase';
  const state = erasing ? erased : withdrawn;
  const problems = (erasing ? erased.data?.eraseHousehold.userErrors : withdrawn.data?.withdrawConsent.userErrors) ?? [];

  async function confirm() {
    if (erasing) {
      const result = await erase({ variables: { input: { id: pending.id, reason: reason.trim() || null } } }).catch(() => null);
      if (result?.data?.eraseHousehold.household && result.data.eraseHousehold.userErrors.length === 0) {
        toast(t('detail.erased'));
        onDone(true);
      }
    } else {
      const result = await withdraw({ variables: { input: { id: pending.id } } }).catch(() => null);
      if (result?.data?.withdrawConsent.household && result.data.withdrawConsent.userErrors.length === 0) {
        toast(t('detail.withdrawn', { reference: pending.reference }));
        onDone(false);
      }
    }
  }

  return (
    <section id="household-confirm" className="confirm-panel" aria-labelledby="household-confirm-title">
      <h2 id="household-confirm-title" ref={heading} tabIndex={-1}>
        {t(erasing ? 'detail.eraseTitle' : 'detail.withdrawTitle', { reference: pending.reference })}
      </h2>
      <p>{t(erasing ? 'detail.eraseText' : 'detail.withdrawText')}</p>
      {erasing && (
        <label>
          {t('detail.eraseReason')}
          <textarea value={reason} maxLength={500} rows={2} onChange={(e) => setReason(e.target.value)} />
        </label>
      )}
      {(problems.length > 0 || state.error) && (
        <div role="alert">
          {state.error ? <p>{t('detail.changeFailed')}</p> : problems.map((p) => <p key={`${fieldOf(p)}-${p.code}`}>{p.message}</p>)}
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="danger" onClick={() => void confirm()} disabled={state.loading} aria-busy={state.loading}>
          {t(erasing ? 'detail.eraseConfirm' : 'detail.withdrawConfirm')}
        </button>
        <button type="button" onClick={onClose}>
          {t('detail.back')}
        </button>
      </div>
    </section>
  );
}
