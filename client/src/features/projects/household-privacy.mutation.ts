import { graphql } from '../../gql';

/** The family withdraws its consent: every consented characteristic goes at once (it stays reached). */
export const WithdrawConsentMutation = graphql(`
  mutation ProjectHouseholdWithdrawConsent($input: WithdrawConsentInput!) {
    withdrawConsent(input: $input) {
      household {
        id
        consentAt
        lowEducatedMother
        schoolAllowance
        homeLanguageNotDutch
        childWithSpecialNeeds
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

/** The family is erased: the record becomes an anonymous stub (it stays counted as reached). */
export const EraseHouseholdMutation = graphql(`
  mutation ProjectHouseholdErase($input: EraseHouseholdInput!) {
    eraseHousehold(input: $input) {
      household {
        id
        erasedAt
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
