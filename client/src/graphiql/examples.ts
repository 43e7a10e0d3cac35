/**
 * The operations GraphiQL opens with, one tab per kind of user (SPEC: administrators and
 * reviewers, coordinators, integrators and data teams). Each runs against the demo data set;
 * graphiql.test.ts validates them against the committed schema.
 */
export interface ExampleTab {
  query: string;
  variables?: string;
}

export const EXAMPLE_TABS: ExampleTab[] = [
  {
    query: `# Everyone: who am I? (session, or the API key in the Headers tab)
query Viewer {
  viewer {
    kind
    label
    role
    municipality { name nisCode }
  }
}
`,
  },
  {
    query: `# Integrators: page through events, 20 at a time.
# Run it, then set "after" to pageInfo.endCursor and run it again until hasNextPage is false.
query EventsPage($first: Int = 20, $after: String) {
  events(first: $first, after: $after, orderBy: [{ field: STARTS_AT, direction: ASC }]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      type
      venue
      startsAt
      attendanceCount
      project { title leadMunicipality { nisCode name } }
    }
  }
}
`,
    variables: '{\n  "first": 20,\n  "after": null\n}\n',
  },
  {
    query: `# Coordinators and reviewers: projects and their KPI (withheld figures are null).
query Projects {
  projects(first: 10) {
    totalCount
    nodes {
      title
      status
      fundingPeriod { number }
      kpi { target reached progress onTrack }
    }
  }
}
`,
  },
  {
    query: `# Data teams and analysts: the programme at a glance and one municipality's social mix.
query SocialMix($nisCode: String!, $schoolYear: String!) {
  programSummary { periods budget committed realised representedLocalGovernments }
  socialMixReport(nisCode: $nisCode, schoolYear: $schoolYear) {
    municipality { name }
    schoolYear
    socialMix { indicatorShare dissimilarity isolation }
  }
}
`,
    variables: '{\n  "nisCode": "44021",\n  "schoolYear": "2024-2025"\n}\n',
  },
  {
    query: `# A refused mutation answers userErrors with a UserErrorCode (README "Errors"), writing nothing.
mutation RefusedLogin {
  login(input: { email: "nobody@example.org", password: "wrong" }) {
    token
    userErrors { field code message }
  }
}
`,
  },
];
