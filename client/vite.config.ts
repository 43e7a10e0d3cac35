import react from '@vitejs/plugin-react';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  // Use @schoolmix/shared from source.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: {
    port: 5173,
    proxy: { '/graphql': 'http://localhost:4000', '/export': 'http://localhost:4000', '/healthz': 'http://localhost:4000' },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    // Two pages: the SPA, and the self-hosted GraphiQL (/graphiql, served by the server) with its
    // editor and language workers in chunks of their own, never loaded by the SPA.
    rollupOptions: {
      input: { main: 'index.html', graphiql: 'graphiql.html' },
      // @graphiql/react's modules start with React Compiler's "use no memo"; bundling drops it harmlessly.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // The Monaco workers GraphiQL starts are ES modules.
  worker: { format: 'es' },
  test: { environment: 'happy-dom', setupFiles: ['src/test/setup.ts'] },
});
