#!/usr/bin/env node
/**
 * Adds translations to an XLIFF catalog from a small JSON file of `{"message-id": "target"}`, where
 * `{0}`, `{1}`… stand for the source's placeholders in order. The XLIFF stays the catalog: this is
 * only a convenience for translators who prefer JSON. Existing targets are replaced.
 *
 *   node scripts/i18n-translate.mjs es translations.json
 */
import {readFileSync, writeFileSync} from 'node:fs';

const [lang, file] = process.argv.slice(2);
if (!lang || !file) {
  console.error('usage: node scripts/i18n-translate.mjs <lang> <file.json>');
  process.exit(2);
}
const path = `xliff/${lang}.xlf`;
let xlf = readFileSync(path, 'utf8');
const entries = JSON.parse(readFileSync(file, 'utf8'));
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
let done = 0;
for (const [id, target] of Object.entries(entries)) {
  const re = new RegExp(
    `(<trans-unit id="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}">\\s*<source>([\\s\\S]*?)</source>)(\\s*<target>[\\s\\S]*?</target>)?`,
  );
  const m = xlf.match(re);
  if (!m) {
    console.error(`no unit ${id}`);
    continue;
  }
  const placeholders = [...m[2].matchAll(/<x id="\d+" equiv-text="[^"]*"\/>/g)].map((x) => x[0]);
  const body = escape(target).replace(/\{(\d+)\}/g, (_, n) => {
    const p = placeholders[Number(n)];
    if (!p) throw new Error(`${id}: no placeholder ${n}`);
    return p;
  });
  xlf = xlf.replace(re, `${m[1]}\n  <target>${body}</target>`);
  done++;
}
writeFileSync(path, xlf);
console.log(`${done} translations written to ${path}`);
