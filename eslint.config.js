import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // server/.dependency-cruiser.cjs: the layer rules (CommonJS, read by dependency-cruiser only; checked by running it in `pnpm check`).
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.data/**', '.tools/**', 'client/src/gql/**', 'examples/integrator/gql/**', 'server/.dependency-cruiser.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    // Every linted file is in a tsconfig: the packages' own (src/ and their config files) or the root one
    // (e2e/, scripts/, client/scripts/, this file). The project service finds each file's tsconfig.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The server's tests read GraphQL and HTTP answers through deliberately loose bodies
    // (`server.data()` / `server.gql()` default to Record<string, any>, `post()` returns `json: any`):
    // each test asserts on the fields it asked for, and writing a type for every ad-hoc query would
    // only restate the query. The no-unsafe-* rules would report each access of such a body (about
    // 1,300 findings), so they are off for those tests only. Production code, the client's tests,
    // the test helpers in server/src/test/ and e2e/ keep them.
    files: ['server/src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Apollo Server's plugin hooks (requestDidStart, didResolveOperation, willSendResponse) are typed to
    // return promises, and a refusal thrown in one must reach Apollo as a rejection: these files'
    // plugins are `async` without awaiting anything on purpose.
    files: ['server/src/graphql/access-guard.ts', 'server/src/graphql/deadline.ts', 'server/src/graphql/query-limits.ts', 'server/src/db/availability.ts', 'server/src/metrics.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', 'client/scripts/**/*.mjs', '.ci/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly' } },
  },
);
