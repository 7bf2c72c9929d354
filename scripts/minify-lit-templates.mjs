/**
 * A build-time plugin (vite.config.ts, drop-in build) that removes the indentation of our Lit
 * templates: the JavaScript minifier keeps template literals as written, so every `css` and `html`
 * template shipped its source formatting (about 1 KiB gzip on a page). Only the literal text of a
 * template changes, never its expressions; anything the rules below cannot vouch for is left as is.
 *
 * - `css`: comments removed; whitespace collapsed to one space, dropped next to `{ } ; , >` and
 *   after `:` (never before `:`, which would turn `a :hover` into `a:hover`); the `;` before `}`
 *   dropped. Quoted strings are kept verbatim. Whitespace touching an expression stays (one space).
 * - `html` / `svg`: a run of whitespace that contains a line break becomes one line break. That is
 *   what the browser renders anyway (`white-space: normal` shows it as one space, `pre-line` as the
 *   line break it was), attribute lists stay separated, and text on one line is untouched. Templates
 *   containing `<pre` or `<textarea`, where whitespace is content, are left whole.
 */
import {parseSync} from 'vite';
import {RolldownMagicString} from 'rolldown';

const CSS_PUNCT = new Set(['{', '}', ';', ',', '>']);

/**
 * Minifies one literal piece of a `css` template. `first`/`last`: whether it starts/ends the
 * template (else an expression is next to it). Returns `null` when it cannot do so safely.
 */
export function minifyCssPiece(raw, first, last) {
  let out = '';
  let i = 0;
  let space = false;
  const flush = (next) => {
    // A pending space survives unless punctuation is on either side (or it is at a template end).
    if (!space) return;
    space = false;
    const prev = out.at(-1);
    if (prev === undefined && first) return;
    if (prev !== undefined && (CSS_PUNCT.has(prev) || prev === ':')) return;
    if (next !== undefined && CSS_PUNCT.has(next)) return;
    if (next === undefined && last) return;
    out += ' ';
  };
  while (i < raw.length) {
    const c = raw[i];
    if (c === '/' && raw[i + 1] === '*') {
      const end = raw.indexOf('*/', i + 2);
      if (end < 0) return null; // a comment around an expression: leave the template alone
      i = end + 2;
      space = true;
      continue;
    }
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      space = true;
      i++;
      continue;
    }
    if (c === '\\') {
      // An escape (in raw text: `\\` for a CSS backslash): copy it with the character it escapes.
      flush(c);
      out += raw.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < raw.length && raw[j] !== c) j += raw[j] === '\\' ? 2 : 1;
      if (j >= raw.length) return null; // a string around an expression
      flush(c);
      out += raw.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '}' && out.at(-1) === ';') out = out.slice(0, -1);
    flush(c);
    out += c;
    i++;
  }
  flush(undefined);
  return out;
}

/** Minifies one literal piece of an `html`/`svg` template (see the header). */
export function minifyHtmlPiece(raw) {
  return raw.replace(/[ \t\r]*\n[ \t\r\n]*/g, '\n');
}

const TAGS = new Set(['css', 'html', 'svg']);

/** Every tagged template of `css`/`html`/`svg` in a parsed program. */
function taggedTemplates(node, found = []) {
  if (!node || typeof node !== 'object') return found;
  if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && TAGS.has(node.tag.name))
    found.push(node);
  for (const key in node) {
    const value = node[key];
    if (Array.isArray(value)) for (const v of value) taggedTemplates(v, found);
    else if (value && typeof value === 'object' && key !== 'parent') taggedTemplates(value, found);
  }
  return found;
}

/** Minifies the templates of one module's source; `null` when nothing changed. */
export function minifyTemplates(code, id) {
  if (!/\b(css|html|svg)`/.test(code)) return null;
  const {program, errors} = parseSync(id, code, {lang: id.endsWith('.ts') ? 'ts' : 'js'});
  if (errors.length > 0) return null;
  const s = new RolldownMagicString(code);
  let changed = false;
  for (const t of taggedTemplates(program)) {
    const quasis = t.quasi.quasis;
    // Where each literal piece's raw text sits in the source (after the backtick or `}`).
    const pieces = quasis.map((q) => ({start: q.start + 1, raw: q.value.raw}));
    if (pieces.some((p) => code.slice(p.start, p.start + p.raw.length) !== p.raw)) continue;
    let next;
    if (t.tag.name === 'css') {
      next = pieces.map((p, i) => minifyCssPiece(p.raw, i === 0, i === pieces.length - 1));
      if (next.includes(null)) continue;
    } else {
      if (pieces.some((p) => /<(pre|textarea)\b/i.test(p.raw))) continue;
      next = pieces.map((p) => minifyHtmlPiece(p.raw));
    }
    pieces.forEach((p, i) => {
      if (next[i] === p.raw) return;
      if (p.raw.length > 0) s.overwrite(p.start, p.start + p.raw.length, next[i]);
      changed = true;
    });
  }
  if (!changed) return null;
  return {code: s.toString(), map: s.generateMap({hires: true, source: id, includeContent: true})};
}

/** The Vite plugin: our own TypeScript sources only (libraries ship their own templates). */
export function minifyLitTemplates() {
  return {
    name: 'portal:minify-lit-templates',
    enforce: 'pre',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id) || id.includes('node_modules')) return null;
      const result = minifyTemplates(code, id);
      return result ? {code: result.code, map: result.map.toString()} : null;
    },
  };
}
