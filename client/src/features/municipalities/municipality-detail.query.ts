import { graphql } from '../../gql';

/**
 * A municipality with its facts and mergers (the 2025 one it merged into, or the pre-2025 ones
 * merged into it), the projects it leads (only asked for when the viewer may see them: scoped
 * roles see their own municipality's), its first schools and its organisations — for a 2025
 * municipality including those of the pre-2025 municipalities merged into it (includeMerged,
 * the roll-up rule the dashboard counts by), each naming its own municipality.
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
      projects(first: 100, includeMerged: true) {
        totalCount
        nodes @include(if: $withProjects) {
          id
          title
          status
          leadMunicipality {
            id
            name
          }
          targetHouseholds
          fundingPeriod {
            ...PeriodPhaseFields
            number
          }
          kpi {
            reached
            target
            progress
          }
        }
      }
      schools(first: $schoolsFirst, includeMerged: true, orderBy: [{ field: NAME, direction: ASC }]) {
        totalCount
        nodes {
          id
          name
          municipality {
            id
            name
          }
          institutionNumber
          level
          capacity
        }
      }
      organizations(first: 50, includeMerged: true) {
        totalCount
        nodes {
          id
          name
          promotesSocialMix
          municipality {
            id
            name
          }
        }
      }
    }
  }
`);
