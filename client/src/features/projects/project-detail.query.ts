import { graphql } from '../../gql';

/** A project with its KPI, budget, partners and schools (events and families load per page). */
export const ProjectDetailQuery = graphql(`
  query ProjectDetail($id: ID!) {
    project(id: $id) {
      id
      title
      status
      version
      priority
      baselineHouseholds
      targetHouseholds
      subsidyRequested
      subsidyGranted
      coFinancing
      submittedAt
      reviewedAt
      reviewNote
      fundingPeriod {
        id
        number
        label
        startsOn
        endsOn
        reportStatus
        ratePerHousehold
        maxSubsidy
        applicationsOpenOn
        applicationsCloseOn
      }
      transitions {
        ...ProjectTransitionFields
      }
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
      partnerOrganizations {
        id
        name
        kind
        promotesSocialMix
        municipality {
          id
          name
        }
      }
      kpi {
        reached
        target
        expectedByNow
        onTrack
        progress
        earnedSubsidy
        byEventType {
          type
          reached
        }
        families {
          withIndicator
          withoutIndicator
          indicatorUnknown
          withSpecialNeeds
        }
        suppressed {
          field
          reason
        }
      }
      settlement {
        target
        reached
        advanceShare
        granted
        advance
        earned
        toPay
        toRecover
        withheld
      }
      schools(first: 100, orderBy: [{ field: NAME, direction: ASC }]) {
        totalCount
        nodes {
          id
          name
          institutionNumber
          level
          network
          postcode
        }
      }
    }
  }
`);
