import { graphql } from '../../gql';

/**
 * Does the school mirror its neighbourhood in one school year? Asked for every year on record at
 * once (the API has no field with every year's mirror).
 */
export const SchoolDetailMirrorQuery = graphql(`
  query SchoolDetailMirror($id: ID!, $schoolYear: String!) {
    school(id: $id) {
      id
      mirror(schoolYear: $schoolYear) {
        schoolYear
        pupils
        indicatorShare
        areaCode
        areaShare
        gap
        mirrors
        tolerance
        suppressedReason
      }
    }
  }
`);
