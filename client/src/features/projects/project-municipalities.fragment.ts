import { graphql } from '../../gql';

/** The municipalities of a project (lead, with what it merged into, and partners): the project page and the family registration. */
export const ProjectMunicipalitiesFields = graphql(`
  fragment ProjectMunicipalitiesFields on Project {
    leadMunicipality {
      id
      name
      nisCode
      mergedInto {
        id
      }
    }
    partnerMunicipalities {
      id
      name
      nisCode
    }
  }
`);
