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
        ...PeriodPhaseFields
        number
        ratePerHousehold
        maxSubsidy
        applicationsOpenOn
        applicationsCloseOn
      }
      transitions {
        ...ProjectTransitionFields
      }
      ...ProjectMunicipalitiesFields
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
        ...ProjectSettlementFields
      }
      schools(first: 100, orderBy: [{ field: NAME, direction: ASC }]) {
        totalCount
        nodes {
          ...SchoolRowFields
        }
      }
    }
  }
`);
