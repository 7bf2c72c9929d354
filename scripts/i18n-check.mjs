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

// The per-chunk catalogs (scripts/i18n-split.mjs) together hold every message, each exactly once.
const LOCALES = 'src/localization/generated/locales';
for (const f of readdirSync('xliff')) {
  const lang = f.replace(/\.xlf$/, '');
  const modules = readdirSync(LOCALES).filter((m) => m === `${lang}.ts` || m.startsWith(`${lang}--`));
  if (!modules.length) continue;
  const ids = modules.flatMap((m) =>
    [...readFileSync(`${LOCALES}/${m}`, 'utf8').matchAll(/^\s*'([^']+)':/gm)].map((x) => x[1]),
  );
  const units = [...readFileSync(`xliff/${f}`, 'utf8').matchAll(/<trans-unit id="([^"]+)">/g)].map(
    (u) => u[1],
  );
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  const lost = units.filter((id) => !ids.includes(id));
  if (twice.length || lost.length) {
    console.error(
      `${lang}: catalog pieces ${twice.length ? `repeat ${twice.join(', ')} ` : ''}${lost.length ? `miss ${lost.join(', ')} (run npm run localize:build)` : ''}`,
    );
    failed = true;
  } else {
    console.log(
      `${lang}: ${ids.length} messages in ${modules.length} catalog modules (core + pieces), each once`,
    );
  }
}
process.exit(failed ? 1 : 0);
