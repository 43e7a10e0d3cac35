import { graphql } from '../../gql';


export const SaveFinalReportMutation = graphql(`
  mutation SaveFinalReport($input: SaveFinalReportInput!) {
    saveFinalReport(input: $input) {
      finalReport {
        ...FinalReportFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const SubmitFinalReportMutation = graphql(`
  mutation SubmitFinalReport($input: SubmitFinalReportInput!) {
    submitFinalReport(input: $input) {
      finalReport {
        ...FinalReportFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

/** Accepting closes the project: its status, version and history come back so the page follows. */
export const ReviewFinalReportMutation = graphql(`
  mutation ReviewFinalReport($input: ReviewFinalReportInput!) {
    reviewFinalReport(input: $input) {
      finalReport {
        ...FinalReportFields
        project {
          id
          status
          version
          transitions {
            ...ProjectTransitionFields
          }
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const WaiveFinalReportMutation = graphql(`
  mutation WaiveFinalReport($input: WaiveFinalReportInput!) {
    waiveFinalReport(input: $input) {
      finalReport {
        ...FinalReportFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
