import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Vitest runs without globals here, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

// findBy…/waitFor wait up to 5 s (default 1 s): screens chain mocked requests, and a loaded CI
// machine can take longer than a second without anything being wrong.
configure({ asyncUtilTimeout: 5000 });
