/** A project as ProjectDetailQuery answers it (Gent, period 3, approved), for the page and dossier tests. */
export const GENT = { __typename: 'Municipality', id: 'm-gent', name: 'Gent', nisCode: '44021', mergedInto: null };

export function project(over: Record<string, unknown> = {}, kpi: Record<string, unknown> = {}) {
  return {
    __typename: 'Project',
    id: 'p-1',
    title: 'Kies mee voor je buurtschool – Gent 2025',
    status: 'APPROVED',
    version: 3,
    priority: 2,
    baselineHouseholds: 15,
    targetHouseholds: 281,
    subsidyRequested: 47_770,
    subsidyGranted: 47_770,
    coFinancing: 47_770,
    submittedAt: '2024-06-08T10:00:00.000Z',
    reviewedAt: '2024-07-20T10:00:00.000Z',
    reviewNote: null,
    fundingPeriod: {
      __typename: 'FundingPeriod',
      id: 'fp-3',
      number: 3,
      label: 'Projectperiode 3 (2024–2025)',
      startsOn: '2024-10-01',
      endsOn: '2025-09-30',
      reportStatus: 'OPEN',
      ratePerHousehold: 170,
      maxSubsidy: 51_000,
      applicationsOpenOn: '2024-03-01',
      applicationsCloseOn: '2024-08-31',
    },
    transitions: [],
    leadMunicipality: GENT,
    partnerMunicipalities: [{ __typename: 'Municipality', id: 'm-merelbeke', name: 'Merelbeke-Melle', nisCode: '44088' }],
    partnerOrganizations: [
      { __typename: 'Organization', id: 'o-1', name: 'LOP Basisonderwijs Gent', kind: 'LOCAL_CONSULTATION_PLATFORM', promotesSocialMix: true, municipality: { __typename: 'Municipality', id: 'm-gent', name: 'Gent' } },
    ],
    kpi: {
      __typename: 'ProjectKpi',
      reached: 202,
      target: 281,
      expectedByNow: 140.5,
      onTrack: true,
      progress: 202 / 281,
      earnedSubsidy: 34_340,
      byEventType: [
        { __typename: 'KpiByEventType', type: 'PARENT_EVENING', reached: 152 },
        { __typename: 'KpiByEventType', type: 'SCHOOL_VISIT', reached: 91 },
      ],
      families: { __typename: 'KpiFamilies', withIndicator: 79, withoutIndicator: 84, indicatorUnknown: 39, withSpecialNeeds: 10 },
      suppressed: [],
      ...kpi,
    },
    // 60 % of € 47.770 in advance; earned 202 × € 170 = € 34.340; € 5.678 still to pay.
    settlement: { __typename: 'ProjectSettlement', target: 281, reached: 202, advanceShare: 60, granted: 47_770, advance: 28_662, earned: 34_340, toPay: 5_678, toRecover: 0, withheld: false },
    schools: {
      __typename: 'SchoolConnection',
      totalCount: 1,
      nodes: [{ __typename: 'School', id: 's-1', name: 'GO! Basisschool De Boomhut (synthetisch)', institutionNumber: '650616', level: 'PRIMARY', network: 'GO', postcode: '9050' }],
    },
    ...over,
  };
}


/** The project's one activity (a parent evening) as ProjectEventsQuery answers it, with `attended` families. */
export function projectEvents(attended: number | null) {
  return {
    __typename: 'Project',
    id: 'p-1',
    events: {
      __typename: 'EventConnection',
      totalCount: 1,
      nodes: [
        {
          __typename: 'Event',
          id: 'e-1',
          type: 'PARENT_EVENING',
          startsAt: '2024-10-15T17:00:00.000Z',
          venue: 'Ontmoetingscentrum Gent',
          cancelledAt: null,
          organizer: { __typename: 'Organization', id: 'o-1', name: 'Huis van het Kind Gent' },
          attended,
          registered: 2,
          noShow: 3,
        },
      ],
    },
  };
}
