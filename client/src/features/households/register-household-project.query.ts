import { graphql } from '../../gql';

/** The project a family is registered in, with the municipalities its families usually live in. */
export const RegisterHouseholdProjectQuery = graphql(`
  query RegisterHouseholdProject($id: ID!) {
    project(id: $id) {
      id
      title
      status
      ...ProjectMunicipalitiesFields
    }
  }
`);
