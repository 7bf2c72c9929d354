import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/unit/**/*.test.ts', 'test/server/**/*.test.ts'],
    // The reference server's suites start PGlite (several seconds on a busy machine).
    hookTimeout: 120_000,
    // One module graph per worker for all files, not a fresh one per file: the ~60 server files each
    // imported the whole server again (~4 s on CI), and each of the 108 files paid a new process.
    // The whole suite went from ~1,080 s to ~470 s. Files share module state, so a suite must not
    // leave behind what another would see: each server suite starts its own server and database,
    // fake timers and mocks are restored by the suites that use them.
    isolate: false,
    // A migrated PGlite data folder made once, that every suite's in-memory database starts from.
    globalSetup: ['test/server/global-setup.ts'],
    // Passwords hashed at a lower scrypt cost in the suites (see the file).
    setupFiles: ['test/server/setup.ts'],
    // The time-zone matrix runs the whole unit suite once per zone (see scripts/test-unit-tz.mjs);
    // inside a run, process.env.TZ is what the suite sees.
  },
});
