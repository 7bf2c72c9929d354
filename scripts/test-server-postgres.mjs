// Runs the reference server's suites (test/server) against a real PostgreSQL: a throwaway cluster
// on 127.0.0.1 (Debian's postgresql-15 binaries), or the database in PORTAL_TEST_DATABASE_URL when
// that is set. Each suite uses a schema of its own.
//
//   node scripts/test-server-postgres.mjs
//   node scripts/test-server-postgres.mjs test/server/forms-phq9.test.ts   # some files only
//
// Without PostgreSQL installed it says so and exits 0, unless CI is set (then it fails: .ci/run
// installs postgresql-15).
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, chownSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const PORT = Number(process.env.PG_TEST_PORT ?? 55432);

function run(cmd, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {stdio: 'inherit', env});
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Runs a command as the postgres user when we are root (postgres refuses to run as root). */
function asPostgres(command) {
  const root = process.getuid?.() === 0;
  const r = root
    ? spawnSync('su', ['postgres', '-c', command], {encoding: 'utf8'})
    : spawnSync('sh', ['-c', command], {encoding: 'utf8'});
  if (r.status !== 0) throw new Error(`${command}\n${r.stdout}\n${r.stderr}`);
}

let url = process.env.PORTAL_TEST_DATABASE_URL;
let dir;
if (!url) {
  if (!existsSync(join(BIN, 'initdb'))) {
    const message = `PostgreSQL binaries not found in ${BIN}: the server suites ran on PGlite only.`;
    if (process.env.CI) {
      console.error(message);
      process.exit(1);
    }
    console.log(`${message} (apt-get install -y postgresql-15 to run them on PostgreSQL too.)`);
    process.exit(0);
  }
  dir = mkdtempSync(join(tmpdir(), 'portal-pg-'));
  if (process.getuid?.() === 0)
    chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], {encoding: 'utf8'}).stdout.trim()), 0);
  asPostgres(`${BIN}/initdb -D ${dir}/data -A trust -U postgres >/dev/null`);
  asPostgres(
    `${BIN}/pg_ctl -D ${dir}/data -l ${dir}/log -o '-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off' -w start >/dev/null`,
  );
  url = `postgres://postgres@127.0.0.1:${PORT}/postgres`;
}

let code = 1;
try {
  code = await run(
    'npx',
    ['--no-install', 'vitest', 'run', ...(process.argv.length > 2 ? process.argv.slice(2) : ['test/server'])],
    {
      ...process.env,
      PORTAL_TEST_DATABASE_URL: url,
    },
  );
} finally {
  if (dir) {
    try {
      asPostgres(`${BIN}/pg_ctl -D ${dir}/data -m fast -w stop >/dev/null`);
    } catch (e) {
      console.error(String(e));
    }
    rmSync(dir, {recursive: true, force: true});
  }
}
process.exit(code);
