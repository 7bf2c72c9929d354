#!/usr/bin/env node
/**
 * The README's per-element events tables, generated from the elements' manifest (issue #23 item 17),
 * so they cannot drift from the `@fires` JSDoc: each block between
 *
 *   <!-- events:booking-widget -->
 *   …
 *   <!-- /events -->
 *
 * is the list of that tag's events in `custom-elements.json` (name, class, description).
 *
 *   node scripts/readme-events.mjs          rewrites the blocks in README.md
 *   node scripts/readme-events.mjs --check  fails (exit 1) when a block differs (npm run lint runs it)
 *
 * The manifest is analysed afresh (in memory), so the check needs no earlier build.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {cli} from '@custom-elements-manifest/analyzer/cli.js';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const check = process.argv.includes('--check');

// The analyzer's own API, writing nothing (its config's outdir leaves package.json as it is).
const manifest = await cli({argv: ['analyze', '--quiet'], cwd: process.cwd(), noWrite: true});

const byTag = new Map();
for (const m of manifest.modules)
  for (const d of m.declarations ?? []) if (d.customElement && d.tagName) byTag.set(d.tagName, d);

const cell = (s) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/** The table for one tag: its `portal-*` events, own first, then those every element has. */
function table(tag) {
  const d = byTag.get(tag);
  if (!d) throw new Error(`README names <${tag}>, which the manifest does not have`);
  const events = (d.events ?? []).filter((e) => e.name?.startsWith('portal-'));
  const own = events.filter((e) => !e.inheritedFrom);
  const inherited = events.filter((e) => e.inheritedFrom && !own.some((o) => o.name === e.name));
  const rows = [...own, ...inherited].map(
    (e) => `| \`${e.name}\` | \`${e.type?.text ?? 'Event'}\` | ${cell(e.description ?? '')} |`,
  );
  return ['| event | class | when |', '|---|---|---|', ...rows].join('\n');
}

const readme = readFileSync('README.md', 'utf8');
const BLOCK = /(<!-- events:([a-z-]+) -->\n)[\s\S]*?(<!-- \/events -->)/g;
let blocks = 0;
const next = readme.replace(BLOCK, (_, open, tag, close) => {
  blocks++;
  return `${open}${table(tag)}\n${close}`;
});
if (blocks === 0) {
  console.error('README.md has no <!-- events:<tag> --> blocks.');
  process.exit(1);
}
if (check) {
  if (next !== readme) {
    console.error(
      'README.md: an events table differs from the manifest (the @fires JSDoc). Run `node scripts/readme-events.mjs`.',
    );
    process.exit(1);
  }
  console.log(`README.md: ${blocks} events tables match the manifest.`);
} else {
  writeFileSync('README.md', next);
  console.log(`README.md: ${blocks} events tables written from the manifest.`);
}
