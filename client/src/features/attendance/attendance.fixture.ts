/**
 * What the server's preview answers when one family of Gent's project would stop counting as
 * reached (202 → 201 of 281): the attendance page's and the event door's confirmation tests.
 */
export const oneFamilyLessPreview = {
  __typename: 'ConsequencePreview',
  householdsNoLongerReached: 1,
  householdsNewlyReached: 0,
  projects: [
    {
      __typename: 'ProjectConsequence',
      projectId: 'p1',
      title: 'Kies mee voor je buurtschool – Gent 2025',
      targetHouseholds: 281,
      reachedBefore: 202,
      reachedAfter: 201,
      progressBefore: 202 / 281,
      progressAfter: 201 / 281,
      householdsNoLongerReached: 1,
      householdsNewlyReached: 0,
      earnedBefore: 34_340,
      earnedAfter: 34_170,
    },
  ],
  userErrors: [],
};
