import { graphql } from '../../gql';

/** The organisation being edited, with how many activities it organised (the flag decides whether they count). */
export const OrganizationFormQuery = graphql(`
  query OrganizationForm($id: ID!) {
    organization(id: $id) {
      id
      name
      kind
      promotesSocialMix
      version
      municipality {
        id
        name
      }
    }
    events(filter: { organizerId: $id }, first: 1) {
      totalCount
    }
  }
`);
