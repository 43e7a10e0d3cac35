/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Viewer {\n    viewer {\n      kind\n      label\n      role\n      municipality {\n        id\n        name\n        nisCode\n      }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query ProgramOverview {\n    fundingPeriods {\n      nodes {\n        id\n        label\n        report: programReport {\n          budget\n          representedLocalGovernments\n          committed\n          realised\n          pending\n        }\n      }\n    }\n  }\n": typeof types.ProgramOverviewDocument,
    "\n  query DemoLogins {\n    demoLogins {\n      email\n      password\n      role\n      municipalityName\n    }\n  }\n": typeof types.DemoLoginsDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.LoginDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      kind\n      label\n      role\n      municipality {\n        id\n        name\n        nisCode\n      }\n    }\n  }\n": types.ViewerDocument,
    "\n  query ProgramOverview {\n    fundingPeriods {\n      nodes {\n        id\n        label\n        report: programReport {\n          budget\n          representedLocalGovernments\n          committed\n          realised\n          pending\n        }\n      }\n    }\n  }\n": types.ProgramOverviewDocument,
    "\n  query DemoLogins {\n    demoLogins {\n      email\n      password\n      role\n      municipalityName\n    }\n  }\n": types.DemoLoginsDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.LoginDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      kind\n      label\n      role\n      municipality {\n        id\n        name\n        nisCode\n      }\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      kind\n      label\n      role\n      municipality {\n        id\n        name\n        nisCode\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProgramOverview {\n    fundingPeriods {\n      nodes {\n        id\n        label\n        report: programReport {\n          budget\n          representedLocalGovernments\n          committed\n          realised\n          pending\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ProgramOverview {\n    fundingPeriods {\n      nodes {\n        id\n        label\n        report: programReport {\n          budget\n          representedLocalGovernments\n          committed\n          realised\n          pending\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DemoLogins {\n    demoLogins {\n      email\n      password\n      role\n      municipalityName\n    }\n  }\n"): (typeof documents)["\n  query DemoLogins {\n    demoLogins {\n      email\n      password\n      role\n      municipalityName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;