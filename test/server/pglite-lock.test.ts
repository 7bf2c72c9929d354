/**
 * One PGlite folder, one process (issue #14 item 3): a second opener — another server, or a CLI
 * command such as `npm run server:invite` while the server runs — fails with a clear message
 * instead of opening the folder beside it (which lost acknowledged writes). A lock left by a
 * process that is gone is taken over.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {DataFolderInUseError, openDb, PGLITE_LOCK} from '../../server/db.js';

const onPglite = !process.env.PORTAL_TEST_DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), 'portal-lock-'));

afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe.runIf(onPglite)('PGlite data folder lock', () => {
  it(
    'refuses a second opener while the first has it, and opens again once it is closed',
    {timeout: 120_000},
    async () => {
      const first = await openDb({dataDir: dir});
      try {
        const second = openDb({dataDir: dir});
        await expect(second).rejects.toBeInstanceOf(DataFolderInUseError);
        await expect(second).rejects.toThrow(/in use by process \d+.*stop the server first/);
        // The CLI, as an operator would run it while the server runs: refused, nothing written.
        const cli = spawnSync(
          process.execPath,
          [
            '--import',
            'tsx',
            'server/cli.ts',
            'invite',
            '--email',
            'x@example.org',
            '--given',
            'X',
            '--family',
            'Y',
            '--dob',
            '1990-01-01',
          ],
          {env: {...process.env, PORTAL_DATA_DIR: dir, DATABASE_URL: ''}, encoding: 'utf8', timeout: 90_000},
        );
        expect(cli.status).toBe(1);
        expect(cli.stderr).toMatch(/stop the server first/);
        expect(cli.stderr.trim().split('\n')).toHaveLength(1);
      } finally {
        await first.close();
      }
      const again = await openDb({dataDir: dir});
      await again.close();
    },
  );

  it('takes over the lock of a process that is gone (killed)', {timeout: 120_000}, async () => {
    // A pid no process has (pid_max is at most 2^22 on Linux).
    writeFileSync(join(dir, PGLITE_LOCK), String(2 ** 22 + 7));
    const db = await openDb({dataDir: dir});
    await db.close();
  });
});
