/** An activity as EventDetailQuery answers it, for the tests of the event page, its door and its cancel preview. */
export const GENT = { id: 'm-gent', name: 'Gent', nisCode: '44021' };

/** A period that runs today (whatever today is), unless the dates or report status say otherwise. */
export function period(over: Record<string, unknown> = {}) {
  return { __typename: 'FundingPeriod', id: 'fp3', label: 'Periode 3', startsOn: '2000-01-01', endsOn: '2999-12-31', reportStatus: 'OPEN', ...over };
}

/** Gent's parent evening in a running period of an approved project; `project` overrides the project's fields. */
export function eventDetail(over: Record<string, unknown> = {}, project: Record<string, unknown> = {}) {
  return {
    __typename: 'Event',
    id: 'e1',
    version: 3,
    type: 'PARENT_EVENING',
    startsAt: '2024-10-15T17:00:00.000Z',
    endsAt: '2024-10-15T18:30:00.000Z',
    venue: 'Ontmoetingscentrum Gent',
    capacity: 98,
    languages: ['nl'],
    cancelledAt: null,
    cancellationReason: null,
    attended: 12,
    noShow: 3,
    registered: 2,
    organizer: { __typename: 'Organization', id: 'o1', name: 'Huis van het Kind Gent', promotesSocialMix: true },
    project: {
      __typename: 'Project',
      id: 'p1',
      title: 'Kies mee voor je buurtschool – Gent 2025',
      status: 'APPROVED',
      leadMunicipality: { __typename: 'Municipality', id: 'm-gent', name: 'Gent' },
      fundingPeriod: period(),
      ...project,
    },
    schools: [] as { __typename: 'School'; id: string; name: string }[],
    ...over,
  };
}
