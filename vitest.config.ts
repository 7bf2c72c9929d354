import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/unit/**/*.test.ts'],
    // The time-zone matrix runs the whole unit suite once per zone (see scripts/test-unit-tz.mjs);
    // inside a run, process.env.TZ is what the suite sees.
  },
});
