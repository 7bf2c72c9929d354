#!/usr/bin/env node
/**
 * Per-chunk catalogs (issue #22): splits each catalog `lit-localize build` wrote
 * (`src/localization/generated/locales/<lang>.ts`, one object with every message) into
 *
 * - the core catalog (same file): messages of code every page may load (the base element, the
 *   inputs, error messages…) and messages used by more than one piece;
 * - one module per piece (`<lang>--<piece>.ts`): messages used only by code that the piece's entry
 *   module alone reaches through static imports — a lazily loaded element or section.
 *
 * and writes `src/localization/generated/pieces/<piece>.ts`: the piece's loader per language (a
 * function importing that module). The piece's entry (a `define/<tag>.ts` module, or the portal's
 * shell) imports it and awaits `catalogPiece('<piece>', loaders)` (localization.ts) before its
 * element first renders; a piece merges into the live catalog, so a page pays for the strings of
 * the elements it shows, and the loaders ride in the entry's own chunk.
 *
 * Correct by construction: a message goes to a piece only when every file using it is reachable
 * from that piece's entry and from no other entry (nor from the drop-in entry, which every page
 * loads); otherwise it stays in the core. Checks that every message lands in exactly one module.
 * Runs after `lit-localize build` (npm run localize:build, scripts/build.mjs).
 */
import {existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve, relative} from 'node:path';
import ts from 'typescript';

const GENERATED = 'src/localization/generated';
const LOCALES = `${GENERATED}/locales`;

/** Piece name → the module that loads it (awaiting `catalogPiece(name)` before defining/rendering). */
export const PIECES = {
  'portal-shell': 'src/elements/patient-portal/portal-shell.ts',
  'patient-login': 'src/define/patient-login.ts',
  'booking-widget': 'src/define/booking-widget.ts',
  'appointment-list': 'src/define/appointment-list.ts',
  'portal-appointment-dialog': 'src/define/portal-appointment-dialog.ts',
  'reminder-prefs': 'src/define/reminder-prefs.ts',
  'telehealth-join': 'src/define/telehealth-join.ts',
  'device-check': 'src/define/device-check.ts',
  'patient-profile': 'src/define/patient-profile.ts',
  'patient-forms': 'src/define/patient-forms.ts',
  'patient-documents': 'src/define/patient-documents.ts',
  'patient-billing': 'src/define/patient-billing.ts',
  'patient-messages': 'src/define/patient-messages.ts',
  'message-files': 'src/elements/patient-messages/message-files.ts',
  'family-section': 'src/elements/patient-profile/family-section.ts',
  'proxy-invitation-prompt': 'src/elements/patient-portal/proxy-invitation-prompt.ts',
  // Lazily imported parts of an element (loaded after it, on the way to a later step or view):
  // their own pieces, not the core every Spanish page loads.
  'booking-later-steps': 'src/elements/booking-widget/booking-later-steps.ts',
  'login-flows': 'src/elements/patient-login/login-flows.ts',
  'portal-payment-step': 'src/define/portal-payment-step.ts',
  'portal-slot-picker': 'src/define/portal-slot-picker.ts',
  'portal-add-to-calendar': 'src/define/portal-add-to-calendar.ts',
  'portal-file-input': 'src/define/portal-file-input.ts',
  'portal-signature-pad': 'src/define/portal-signature-pad.ts',
  'portal-waitlist': 'src/define/portal-waitlist.ts',
};
/**
 * A lazily imported part → the piece whose code alone imports it: a message used by both goes to
 * that (first-loaded) piece rather than to the core (checked: no other file imports the part).
 */
const PARENTS = {'booking-later-steps': 'booking-widget', 'login-flows': 'patient-login'};
/** What every page loads: its messages are core. */
const CORE_ENTRIES = ['src/drop-in.ts'];

const sourceOf = (file) =>
  ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);

/**
 * Files reachable from `entry` by static imports (type-only imports excluded), within src/; with
 * `lazy`, by `import('./…')` too.
 */
function reachable(entry, stopAt = new Set(), lazy = false) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    for (const st of sourceOf(file).statements) {
      if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || !st.moduleSpecifier) continue;
      if (ts.isImportDeclaration(st) && st.importClause?.isTypeOnly) continue;
      if (ts.isExportDeclaration(st) && st.isTypeOnly) continue;
      const spec = st.moduleSpecifier.text;
      if (!spec.startsWith('.')) continue;
      const target = relative('.', resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      if (!stopAt.has(target)) visit(target);
    }
    if (lazy)
      for (const m of readFileSync(file, 'utf8').matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)) {
        const target = relative('.', resolve(dirname(file), m[1].replace(/\.js$/, '.ts')));
        if (!stopAt.has(target)) visit(target);
      }
  };
  visit(entry);
  return seen;
}

/** Every .ts file under src/ (generated ones excepted). */
function allSources(dir = 'src') {
  return readdirSync(dir, {withFileTypes: true}).flatMap((f) => {
    const p = join(dir, f.name);
    if (f.isDirectory()) return p === GENERATED ? [] : allSources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** The src/ files `file` imports, statically or with `import('./…')` (type-only ones too). */
function importsOf(file) {
  return [...readFileSync(file, 'utf8').matchAll(/(?:from\s*|import\(\s*)'(\.[^']+)'/g)].map((m) =>
    relative('.', resolve(dirname(file), m[1].replace(/\.js$/, '.ts'))),
  );
}

/** msg ids used by each source file. */
function idsByFile() {
  const out = new Map();
  const walk = (dir) => {
    for (const f of readdirSync(dir, {withFileTypes: true})) {
      const p = join(dir, f.name);
      if (f.isDirectory()) {
        if (p !== GENERATED) walk(p);
      } else if (p.endsWith('.ts')) {
        const ids = [...readFileSync(p, 'utf8').matchAll(/\bid:\s*'([^']+)'/g)].map((m) => m[1]);
        if (ids.length) out.set(p, ids);
      }
    }
  };
  walk('src');
  return out;
}

export function assignPieces() {
  const entries = Object.values(PIECES);
  const stop = new Set(entries);
  const reach = new Map(Object.entries(PIECES).map(([name, entry]) => [name, reachable(entry, stop)]));
  const core = new Set(CORE_ENTRIES.flatMap((e) => [...reachable(e, stop)]));
  // A file another piece also loads, even lazily (<portal-date-input> in the login's help form and
  // in the profile), belongs to none of them: its messages stay in core.
  const lazyReach = [...Object.values(PIECES), ...CORE_ENTRIES].map((e) => reachable(e, stop, true));
  /** file → the one piece owning it, or undefined (core). */
  const owner = (file) => {
    if (core.has(file)) return undefined;
    if (lazyReach.filter((files) => files.has(file)).length > 1) return undefined;
    const owners = [...reach].filter(([, files]) => files.has(file)).map(([name]) => name);
    return owners.length === 1 ? owners[0] : undefined;
  };
  /** id → piece name (absent: core). */
  const pieceOf = new Map();
  const files = new Map();
  for (const [file, ids] of idsByFile())
    for (const id of ids) files.set(id, [...(files.get(id) ?? []), file]);
  for (const [child, parent] of Object.entries(PARENTS)) {
    const target = PIECES[child];
    for (const file of allSources())
      if (file !== target && importsOf(file).includes(target) && !reach.get(parent).has(file))
        throw new Error(`${file} imports ${target}: its piece cannot count on '${parent}' being loaded`);
  }
  for (const [id, using] of files) {
    const owners = new Set(using.map(owner));
    for (const [child, parent] of Object.entries(PARENTS))
      if (owners.has(child) && owners.has(parent)) owners.delete(child);
    if (owners.size === 1 && [...owners][0]) pieceOf.set(id, [...owners][0]);
  }
  return pieceOf;
}

const MARK = '// Split by scripts/i18n-split.mjs';

function split(lang, pieceOf) {
  const file = `${LOCALES}/${lang}.ts`;
  const source = sourceOf(file);
  const text = source.getFullText();
  if (text.startsWith(MARK)) return undefined;
  let object;
  const find = (node) => {
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText(source) === 'templates' &&
      node.initializer &&
      ts.isObjectLiteralExpression(node.initializer)
    )
      object = node.initializer;
    ts.forEachChild(node, find);
  };
  find(source);
  if (!object) throw new Error(`${file}: no \`templates\` object (already split? run lit-localize build)`);
  const buckets = new Map([['', []]]);
  for (const p of object.properties) {
    if (!ts.isPropertyAssignment(p)) throw new Error(`${file}: unexpected ${p.getText(source)}`);
    const id = ts.isStringLiteral(p.name) ? p.name.text : p.name.getText(source);
    const piece = pieceOf.get(id) ?? '';
    if (!buckets.has(piece)) buckets.set(piece, []);
    buckets.get(piece).push(p.getText(source));
  }
  const head = text.slice(0, object.getStart(source));
  const tail = text.slice(object.getEnd());
  const written = [];
  for (const [piece, entries] of buckets) {
    const module = (list) =>
      `${MARK} (${piece || 'core'})\n${head}{\n${list.map((e) => `  ${e},`).join('\n')}\n}${tail}`;
    const target = piece ? `${LOCALES}/${lang}--${piece}.ts` : file;
    writeFileSync(target, module(entries));
    written.push([piece || '(core)', entries.length]);
  }
  const total = written.reduce((n, [, c]) => n + c, 0);
  if (total !== object.properties.length) throw new Error(`${file}: ${total} ≠ ${object.properties.length}`);
  return {written, pieces: [...buckets.keys()].filter(Boolean)};
}

const pieceOf = assignPieces();
const langs = readdirSync(LOCALES)
  .filter((f) => /^[a-z]{2,3}(-[A-Za-z0-9]+)?\.ts$/.test(f))
  .map((f) => f.slice(0, -3));
const loaders = Object.fromEntries(Object.keys(PIECES).map((p) => [p, []]));
for (const lang of langs) {
  const done = split(lang, pieceOf);
  if (!done) {
    console.log(`${lang}: already split (run lit-localize build first to split again)`);
    for (const f of readdirSync(LOCALES)) {
      const m = f.match(new RegExp(`^${lang}--(.+)\\.ts$`));
      if (m) loaders[m[1]]?.push(lang);
    }
    continue;
  }
  const {written, pieces} = done;
  for (const p of pieces) loaders[p].push(lang);
  console.log(`${lang}: ${written.map(([p, n]) => `${p} ${n}`).join(', ')}`);
}
mkdirSync(`${GENERATED}/pieces`, {recursive: true});
for (const [piece, ls] of Object.entries(loaders))
  writeFileSync(
    `${GENERATED}/pieces/${piece}.ts`,
    `// Generated by scripts/i18n-split.mjs after lit-localize build. Do not edit.\n` +
      `/** The loaders of the catalog piece '${piece}', by language (see catalogPiece in localization.ts). */\n` +
      `export default {${ls.map((l) => `'${l}': () => import('../locales/${l}--${piece}.js')`).join(', ')}};\n`,
  );
