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
  build: { outDir: 'dist', sourcemap: true },
  test: { environment: 'happy-dom', setupFiles: ['src/test/setup.ts'] },
});
