import { graphql } from '../../gql';

export const DemoLoginsQuery = graphql(`
  query DemoLogins {
    demoLogins {
      email
      password
      role
      municipalityName
    }
  }
`);
