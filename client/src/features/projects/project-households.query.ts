import { graphql } from '../../gql';

/**
 * One page of a project's families, newest first. The consented characteristics only for those
 * who work with the families (not reviewers): `withCharacteristics`.
 */
export const ProjectHouseholdsQuery = graphql(`
  query ProjectHouseholds($id: ID!, $first: Int, $after: String, $withCharacteristics: Boolean!) {
    project(id: $id) {
      id
      households(first: $first, after: $after, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
        totalCount
        nodes {
          id
          reference
          postcode
          residenceNisCode
          children
          createdAt
          consentAt @include(if: $withCharacteristics)
          lowEducatedMother @include(if: $withCharacteristics)
          schoolAllowance @include(if: $withCharacteristics)
          homeLanguageNotDutch @include(if: $withCharacteristics)
          childWithSpecialNeeds @include(if: $withCharacteristics)
          attendances(filter: { statuses: [ATTENDED] }, first: 1) {
            totalCount
          }
        }
      }
    }
  }
`);
