import {defineConfig} from 'vitest/config';

// The FHIR adapter's suites (`npm run test:fhir`): they start the FHIR test server as a process.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/fhir/**/*.test.ts'],
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
