import { graphql } from '../../gql';

/**
 * A municipality with its facts and mergers (the 2025 one it merged into, or the pre-2025 ones
 * merged into it), the projects it leads (only asked for when the viewer may see them: scoped
 * roles see their own municipality's) and its first schools.
 */
export const MunicipalityDetailQuery = graphql(`
  query MunicipalityDetail($id: ID!, $withProjects: Boolean!, $schoolsFirst: Int!) {
    municipality(id: $id) {
      id
      name
      nisCode
      province
      arrondissement
      postcode
      population
      validFrom
      validTo
      mergedInto {
        id
        name
        nisCode
      }
      mergedFrom {
        id
        name
        nisCode
      }
      projects(first: 100) {
        totalCount
        nodes @include(if: $withProjects) {
          id
          title
          status
          targetHouseholds
          fundingPeriod {
            id
            number
            label
          }
          kpi {
            reached
            target
            progress
          }
        }
      }
      schools(first: $schoolsFirst, orderBy: [{ field: NAME, direction: ASC }]) {
        totalCount
        nodes {
          id
          name
          institutionNumber
          level
          capacity
        }
      }
    }
  }
`);
