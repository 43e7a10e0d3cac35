import { graphql } from '../../gql';

export const ProjectCreateMutation = graphql(`
  mutation ProjectCreate($input: CreateProjectInput!) {
    createProject(input: $input) {
      project {
        id
        version
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const ProjectUpdateMutation = graphql(`
  mutation ProjectUpdate($input: UpdateProjectInput!) {
    updateProject(input: $input) {
      project {
        id
        version
        title
        baselineHouseholds
        targetHouseholds
        priority
        subsidyRequested
        coFinancing
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
