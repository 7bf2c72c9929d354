#!/usr/bin/env node
/**
 * QUALITY 29: no user-visible text or ARIA label hard-coded outside the message catalog.
 * Reads every `html`…`` template in src/ with the TypeScript parser and fails on
 * - text between tags that contains a letter (it must come from `msg()` or data), and
 * - a literal `aria-label`, `aria-description`, `aria-roledescription`, `aria-valuetext`, `title`,
 *   `placeholder`, `alt` or `label` attribute value that contains a letter.
 * Also fails on `msg('…')` calls without an explicit `id`, so catalog ids stay stable.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import ts from 'typescript';

const files = [];
const walk = (dir) => {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) {
      if (!p.includes('generated')) walk(p);
    } else if (p.endsWith('.ts')) files.push(p);
  }
};
walk('src');

const LETTER = /\p{L}/u;
const ATTRS =
  /\s(aria-label|aria-description|aria-roledescription|aria-valuetext|title|placeholder|alt|label)\s*=\s*(["'])([^"']*)\2/g;
const problems = [];

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const at = (node) => {
    const {line} = source.getLineAndCharacterOfPosition(node.getStart());
    return `${file}:${line + 1}`;
  };
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'html') {
      const t = node.template;
      const parts = ts.isNoSubstitutionTemplateLiteral(t)
        ? [t.rawText ?? '']
        : [t.head.rawText ?? '', ...t.templateSpans.map((s) => s.literal.rawText ?? '')];
      const joined = parts.join('\u0000');
      // Attribute values written literally inside tags.
      for (const m of joined.matchAll(ATTRS)) {
        if (LETTER.test(m[3])) problems.push(`${at(node)}: literal ${m[1]}="${m[3]}"`);
      }
      // Text outside tags (remove tags, comments, and expression holes).
      const outside = joined.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, '\u0000');
      for (const chunk of outside.split('\u0000')) {
        const words = chunk.replace(/&[a-z]+;|&#\d+;/g, '').trim();
        if (LETTER.test(words))
          problems.push(`${at(node)}: text "${words.slice(0, 60)}" is not from the catalog`);
      }
    }
    if (ts.isCallExpression(node) && node.expression.getText() === 'msg') {
      const opts = node.arguments[1];
      const hasId =
        opts && ts.isObjectLiteralExpression(opts) && opts.properties.some((p) => p.name?.getText() === 'id');
      if (!hasId) problems.push(`${at(node)}: msg() without an explicit id`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

if (problems.length) {
  console.error(`Hard-coded user-visible strings (QUALITY 29):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-strings: ${files.length} files, every visible string comes from the catalog.`);
