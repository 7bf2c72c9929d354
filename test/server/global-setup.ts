/**
 * Before the unit and server suites start: a PGlite data folder with every migration applied,
 * saved once as a tar file, that each suite's in-memory database starts from (`pgliteTemplate`):
 * a new PGlite cluster costs three seconds or more on this machine, starting from the file under
 * one, and the server suites start some seventy of them.
 *
 * The file is kept in `node_modules/.cache/` under a name made of PGlite's version and the
 * migrations' contents, so a changed migration makes a new one. Suites see its path through
 * `inject('pgliteTemplate')` (see `testDatabase` in helpers.ts).
 */
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {TestProject} from 'vitest/node';
import {openDb} from '../../server/db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated PGlite data folder (a tar file) the suites' databases start from. */
    pgliteTemplate: string;
  }
}

const ROOT = new URL('../../', import.meta.url).pathname;

export default async function setup(project: TestProject): Promise<void> {
  const migrations = join(ROOT, 'server/migrations');
  const hash = createHash('sha256');
  hash.update(
    JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version,
  );
  for (const name of readdirSync(migrations).sort()) {
    hash.update(name);
    hash.update(readFileSync(join(migrations, name)));
  }
  const dir = join(ROOT, 'node_modules/.cache/portal-pglite');
  const file = join(dir, `template-${hash.digest('hex').slice(0, 16)}.tar`);
  if (!existsSync(file)) {
    mkdirSync(dir, {recursive: true});
    const db = await openDb({});
    const dump = await db.dumpDataDir!();
    await db.close();
    // Written whole under another name first: a second run at the same time never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  project.provide('pgliteTemplate', file);
}
