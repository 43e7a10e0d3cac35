import { graphql } from '../../gql';

/**
 * The social-mix indices of a municipality in every school year on record (the same SocialMix as
 * Municipality.socialMix, one per year). The school year argument only picks the report's own year.
 */
export const MunicipalitySocialMixQuery = graphql(`
  query MunicipalitySocialMix($nisCode: String!, $schoolYear: String!) {
    socialMixReport(nisCode: $nisCode, schoolYear: $schoolYear) {
      schoolYear
      trend {
        ...MunicipalitySocialMixFigures
      }
    }
  }

  fragment MunicipalitySocialMixFigures on SocialMix {
    schoolYear
    schoolCount
    pupils
    indicatorPupils
    indicatorShare
    dissimilarity
    isolation
    exposure
    mutualInformation
    theilH
    suppressedReason
  }
`);
