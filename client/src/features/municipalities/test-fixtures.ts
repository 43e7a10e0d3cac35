/** Rows as the API answers them (demo figures), for the component tests of these screens. */

export const GENT_ID = '6ae073e0-35e4-4163-adc1-ddd2ea51837a';
export const ANTWERPEN_ID = 'bf843a5e-6b39-47db-b366-2f72b1a8bb12';
export const BORSBEEK_ID = '1b0f3c22-0000-4000-8000-000000011007';
export const PERIOD_IDS = ['0bcd0dba-cf11-4553-a7fd-d568b40e9b3e', '7eddc217-ca7d-4c79-935b-48f9dfc42513', 'e62e8d5d-65bd-48c1-8740-aad203cb9d80'] as const;

export const periodsData = {
  fundingPeriods: {
    __typename: 'FundingPeriodConnection',
    nodes: [1, 2, 3].map((number) => ({
      __typename: 'FundingPeriod',
      id: PERIOD_IDS[number - 1],
      number,
      label: `Projectperiode ${number} (${2021 + number}–${2022 + number})`,
    })),
  },
};

export function municipalityRow(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Municipality',
    id: GENT_ID,
    name: 'Gent',
    nisCode: '44021',
    province: 'Oost-Vlaanderen',
    population: 263927,
    validFrom: '2019-01-01',
    validTo: null,
    mergedInto: null,
    projects: { __typename: 'ProjectConnection', totalCount: 3 },
    ...overrides,
  };
}

export const borsbeekRow = municipalityRow({
  id: BORSBEEK_ID,
  name: 'Borsbeek',
  nisCode: '11007',
  province: 'Antwerpen',
  population: 10875,
  validTo: '2024-12-31',
  mergedInto: { __typename: 'Municipality', id: ANTWERPEN_ID, name: 'Antwerpen', nisCode: '11002' },
  projects: { __typename: 'ProjectConnection', totalCount: 1 },
});

export function socialMix(schoolYear: string, figures: Partial<Record<string, number | string | null>> = {}) {
  return {
    __typename: 'SocialMix',
    schoolYear,
    schoolCount: 39,
    pupils: 12765,
    indicatorPupils: 5973,
    indicatorShare: 0.46792009400705054,
    dissimilarity: 0.17757359531318492,
    isolation: 0.4925400460185147,
    exposure: 0.5074599539814852,
    mutualInformation: 0.023811934901883006,
    theilH: 0.034455744066552205,
    suppressedReason: null,
    ...figures,
  };
}
