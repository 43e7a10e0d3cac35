import { graphql } from '../../gql';

/** One step of a project's status history, as the "Verloop" table (ApplicationParts) shows it. */
export const ProjectTransitionFields = graphql(`
  fragment ProjectTransitionFields on ProjectTransition {
    id
    from
    to
    note
    actorLabel
    at
  }
`);
