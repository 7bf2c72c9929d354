import {defineConfig} from 'vitest/config';

// `npm run test:contract`: the contract suite against the server at PORTAL_CONTRACT_URL (by HTTP only).
export default defineConfig({
  test: {environment: 'node', include: ['test/contract/**/*.test.ts'], fileParallelism: false},
});
