import { graphql } from '../../gql';

/** What the form offers for one project: its partner organisations, its schools, its period. */
export const EventFormProjectQuery = graphql(`
  query EventFormProject($id: ID!) {
    project(id: $id) {
      id
      title
      fundingPeriod {
        id
        label
        startsOn
        endsOn
      }
      partnerOrganizations {
        id
        name
        promotesSocialMix
      }
      schools(first: 100, orderBy: [{ field: NAME, direction: ASC }]) {
        nodes {
          id
          name
        }
      }
    }
  }
`);
