import { graphql } from '../../gql';

/** Does the school mirror its neighbourhood in one school year (asked once per year on record)? */
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
