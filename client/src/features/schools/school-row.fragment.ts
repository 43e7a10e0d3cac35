import { graphql } from '../../gql';

/** A school as its rows show it (the schools list, a school's page, a project's schools). */
export const SchoolRowFields = graphql(`
  fragment SchoolRowFields on School {
    id
    name
    institutionNumber
    level
    network
    postcode
  }
`);
