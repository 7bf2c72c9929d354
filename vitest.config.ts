import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/unit/**/*.test.ts', 'test/server/**/*.test.ts'],
    // The reference server's suites start PGlite (several seconds on a busy machine).
    hookTimeout: 120_000,
    // A migrated PGlite data folder made once, that every suite's in-memory database starts from.
    globalSetup: ['test/server/global-setup.ts'],
    // Passwords hashed at a lower scrypt cost in the suites (see the file).
    setupFiles: ['test/server/setup.ts'],
    // The time-zone matrix runs the whole unit suite once per zone (see scripts/test-unit-tz.mjs);
    // inside a run, process.env.TZ is what the suite sees.
  },
});
