#!/usr/bin/env node
/**
 * Spanish is first-class (QUALITY 29): every message in the source must be in every catalog, with
 * a translation. Runs `lit-localize extract` into a temporary copy and compares.
 */
import {execFileSync} from 'node:child_process';
import {readFileSync, readdirSync} from 'node:fs';

const before = Object.fromEntries(readdirSync('xliff').map((f) => [f, readFileSync(`xliff/${f}`, 'utf8')]));
execFileSync('npx', ['lit-localize', 'extract'], {stdio: 'ignore'});
let failed = false;
for (const f of readdirSync('xliff')) {
  const xlf = readFileSync(`xliff/${f}`, 'utf8');
  if (before[f] !== xlf) {
    console.error(`${f}: out of date with the source (ran lit-localize extract; review and commit it).`);
    failed = true;
  }
  const units = [...xlf.matchAll(/<trans-unit id="([^"]+)">([\s\S]*?)<\/trans-unit>/g)];
  const missing = units.filter((u) => !/<target>[\s\S]*?\S[\s\S]*?<\/target>/.test(u[2])).map((u) => u[1]);
  if (missing.length) {
    console.error(`${f}: ${missing.length} of ${units.length} messages untranslated: ${missing.join(', ')}`);
    failed = true;
  } else {
    console.log(`${f}: ${units.length} of ${units.length} messages translated`);
  }
}
process.exit(failed ? 1 : 0);
