import { graphql } from '../../gql';

/** A school with its facts and its composition per school year, oldest first. */
export const SchoolDetailQuery = graphql(`
  query SchoolDetail($id: ID!) {
    school(id: $id) {
      ...SchoolRowFields
      capacity
      municipality {
        id
        name
        nisCode
      }
      compositions {
        id
        schoolYear
        pupils
        indicatorPupils
        lowEducatedMother
        schoolAllowance
        homeLanguageNotDutch
        pupilsWithSpecialNeeds
      }
    }
  }
`);
