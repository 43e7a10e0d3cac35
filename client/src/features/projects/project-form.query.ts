import { graphql } from '../../gql';

/** What the application form needs: the periods (with their windows) and, when editing, the draft. */
export const ProjectFormPeriodsQuery = graphql(`
  query ProjectFormPeriods {
    fundingPeriods(first: 100) {
      nodes {
        ...PeriodRuleFields
        reportStatus
      }
    }
  }
`);

export const ProjectFormProjectQuery = graphql(`
  query ProjectFormProject($id: ID!) {
    project(id: $id) {
      id
      title
      status
      version
      baselineHouseholds
      targetHouseholds
      priority
      subsidyRequested
      coFinancing
      reviewNote
      leadMunicipality {
        id
        name
      }
      fundingPeriod {
        id
      }
      partnerMunicipalities {
        id
        name
      }
      partnerOrganizations {
        id
        name
        municipality {
          id
          name
        }
      }
      schools(first: 100, orderBy: [{ field: NAME, direction: ASC }]) {
        pageInfo {
          ...PageInfoFields
        }
        nodes {
          ...ProjectFormSchool
        }
      }
    }
  }
`);

export const ProjectFormSchoolFragment = graphql(`
  fragment ProjectFormSchool on School {
    id
    name
    postcode
    municipality {
      id
      name
    }
  }
`);

/** The rest of a draft's schools when it has more than the first page (rare). */
export const ProjectFormSchoolsPageQuery = graphql(`
  query ProjectFormSchoolsPage($id: ID!, $after: String) {
    project(id: $id) {
      id
      schools(first: 100, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {
        pageInfo {
          ...PageInfoFields
        }
        nodes {
          ...ProjectFormSchool
        }
      }
    }
  }
`);

/** Every municipality with its validity, to offer the partners valid in the chosen period. */
export const PartnerMunicipalityOptionsQuery = graphql(`
  query PartnerMunicipalityOptions($after: String) {
    municipalities(first: 100, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        id
        name
        validFrom
        validTo
      }
    }
  }
`);

/** The organisations of one municipality (lead or partner), to choose partner organisations from. */
export const PartnerOrganizationOptionsQuery = graphql(`
  query PartnerOrganizationOptions($municipalityId: ID!, $after: String) {
    organizations(first: 100, after: $after, filter: { municipalityId: $municipalityId }, orderBy: [{ field: NAME, direction: ASC }]) {
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        id
        name
        municipality {
          id
          name
        }
      }
    }
  }
`);

/** The schools of one municipality (lead or partner), to choose the project's schools from. */
export const SchoolOptionsQuery = graphql(`
  query ProjectSchoolOptions($municipalityId: ID!, $after: String) {
    schools(first: 100, after: $after, filter: { municipalityId: $municipalityId }, orderBy: [{ field: NAME, direction: ASC }]) {
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        ...ProjectFormSchool
      }
    }
  }
`);
