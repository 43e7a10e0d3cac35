import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One copy of graphql for type-graphql and Apollo under vitest.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  // Use @schoolmix/shared from source.
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    setupFiles: ['reflect-metadata'],
  },
});
