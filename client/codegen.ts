import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types every operation of the SPA from the committed server schema. Operations live one per
 * file next to the feature that uses it (`*.query.ts`, `*.mutation.ts`), written with `graphql()`.
 * `pnpm codegen` writes src/gql/; `pnpm check` fails when it is stale.
 */
const config: CodegenConfig = {
  schema: '../server/schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: {
          Euro: { input: 'number', output: 'number' },
          LocalDate: { input: 'string', output: 'string' },
          DateTimeISO: { input: 'string', output: 'string' },
        },
      },
    },
    // The integrator example (examples/integrator/): typed from the same committed schema. Plain
    // strings (documentMode: 'string') so it needs no GraphQL client, `.js` imports for NodeNext.
    '../examples/integrator/gql/': {
      documents: ['../examples/integrator/*.ts'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: {
          Euro: { input: 'number', output: 'number' },
          LocalDate: { input: 'string', output: 'string' },
          DateTimeISO: { input: 'string', output: 'string' },
        },
      },
    },
  },
};

export default config;
