#!/usr/bin/env node
/**
 * `node scripts/analyze-bundle.mjs [--page booking|all|<file.json>] [--top N] [--chunk name]`
 *
 * Where the drop-in build's bytes go, per source module, from the source maps `npm run build`
 * writes beside every file of dist/. For each chunk, every byte of minified output is attributed
 * to the source module the map points it at (Lit, date-fns, our files…), and each module gets:
 *   - min: its minified bytes in that chunk;
 *   - gzip: its share of the chunk's gzip -9 size, in proportion to its minified bytes;
 *   - saved: the marginal gzip bytes the chunk would lose without it (gzip of the chunk minus gzip
 *     of the chunk with that module's bytes cut out) — what deleting or moving it would buy.
 * Without --page every chunk counts; `--page booking` / `--page all` count only the files that
 * `npm run size` saw that page load (it writes them to dist/size-report.json).
 */
import {readFileSync, readdirSync, existsSync} from 'node:fs';
import {join, basename} from 'node:path';
import {gzipSync} from 'node:zlib';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const top = Number(opt('top', 40));
const pageArg = opt('page');
const onlyChunk = opt('chunk');

const gz = (buf) => gzipSync(buf, {level: 9}).length;
const KiB = (n) => (n / 1024).toFixed(2);

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64V = new Map([...B64].map((c, i) => [c, i]));
/** Decodes one line of source-map "mappings" into [generatedColumn, sourceIndex | -1] segments. */
function* segments(line, state) {
  let i = 0;
  while (i < line.length) {
    const fields = [];
    while (i < line.length && line[i] !== ',') {
      let value = 0;
      let shift = 0;
      let digit;
      do {
        digit = B64V.get(line[i++]);
        value += (digit & 31) << shift;
        shift += 5;
      } while (digit & 32);
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
    }
    i++;
    state.col += fields[0];
    if (fields.length >= 4) {
      state.src += fields[1];
      yield [state.col, state.src];
    } else yield [state.col, -1];
  }
}

/** Module name for a source path: node_modules package or our `src/…` path. */
function moduleName(source) {
  const s = source.replace(/^(\.\.\/)+/, '');
  const nm = s.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = s.slice(nm + 'node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    const file = rest.slice(rest[0].startsWith('@') ? 2 : 1).join('/');
    return `${pkg} ${file}`;
  }
  return s;
}

/** Byte ranges of `code` per module, from its source map. */
function attribute(code, map) {
  const byModule = new Map(); // name → array of [start, end) byte offsets (string indices)
  const lines = code.split('\n');
  const mapLines = map.mappings.split(';');
  let offset = 0;
  const state = {src: 0, col: 0};
  // A multi-line token (a template literal's CSS or HTML) has segments only on its first line: the
  // lines after it belong to the module of the last segment before them.
  let prevName = '(unmapped)';
  for (let l = 0; l < lines.length; l++) {
    state.col = 0;
    const segs = [...segments(mapLines[l] ?? '', state)];
    const lineLen = lines[l].length;
    let prevCol = 0;
    const push = (name, a, b) => {
      if (b <= a) return;
      if (!byModule.has(name)) byModule.set(name, []);
      byModule.get(name).push([offset + a, offset + b]);
    };
    for (const [col, src] of segs) {
      push(prevName, prevCol, col);
      prevCol = col;
      prevName = src >= 0 ? moduleName(map.sources[src]) : '(unmapped)';
    }
    push(prevName, prevCol, lineLen + 1); // the newline counts with the line's last segment
    offset += lineLen + 1;
  }
  return byModule;
}

function analyzeChunk(file) {
  const code = readFileSync(file, 'utf8');
  const mapFile = `${file}.map`;
  const total = gz(code);
  if (!existsSync(mapFile)) return {file, min: code.length, gzip: total, modules: []};
  const byModule = attribute(code, JSON.parse(readFileSync(mapFile, 'utf8')));
  const modules = [];
  for (const [name, ranges] of byModule) {
    const min = ranges.reduce((n, [a, b]) => n + b - a, 0);
    // The chunk with this module's bytes cut out.
    let rest = '';
    let at = 0;
    for (const [a, b] of ranges.sort((x, y) => x[0] - y[0])) {
      rest += code.slice(at, a);
      at = b;
    }
    rest += code.slice(at);
    modules.push({name, min, gzip: (total * min) / code.length, saved: total - gz(rest)});
  }
  return {file, min: code.length, gzip: total, modules};
}

const allFiles = [
  'dist/patient-portal-elements.js',
  ...readdirSync('dist/chunks')
    .filter((f) => f.endsWith('.js'))
    .map((f) => join('dist/chunks', f)),
];
let files = allFiles;
if (pageArg) {
  const report = existsSync(pageArg)
    ? JSON.parse(readFileSync(pageArg, 'utf8'))
    : JSON.parse(readFileSync('dist/size-report.json', 'utf8'))[pageArg];
  if (!report) {
    console.error(`No page "${pageArg}" in dist/size-report.json (run \`npm run size\` first).`);
    process.exit(2);
  }
  const loaded = new Set(report.map((f) => basename(f)));
  files = allFiles.filter((f) => loaded.has(basename(f)));
}
if (onlyChunk) files = files.filter((f) => basename(f).startsWith(onlyChunk));

const chunks = files.map(analyzeChunk);
const totalGzip = chunks.reduce((n, c) => n + c.gzip, 0);
console.log(
  `${files.length} files, ${KiB(totalGzip)} KiB gzip in all${pageArg ? ` (page: ${pageArg})` : ''}\n`,
);
console.log('Per chunk:');
for (const c of [...chunks].sort((a, b) => b.gzip - a.gzip))
  console.log(
    `  ${basename(c.file).padEnd(44)} ${KiB(c.min).padStart(8)} KiB min ${KiB(c.gzip).padStart(7)} KiB gzip`,
  );

// Per module, summed over the chunks counted (a module split across chunks is summed).
const mods = new Map();
for (const c of chunks)
  for (const m of c.modules) {
    const acc = mods.get(m.name) ?? {name: m.name, min: 0, gzip: 0, saved: 0, chunks: []};
    acc.min += m.min;
    acc.gzip += m.gzip;
    acc.saved += m.saved;
    acc.chunks.push(basename(c.file).replace(/-[\w-]{8}\.js$/, ''));
    mods.set(m.name, acc);
  }
const rows = [...mods.values()].sort((a, b) => b.gzip - a.gzip);
console.log(`\nPer module (top ${top} of ${rows.length}; gzip = share of its chunk, saved = marginal):`);
console.log(
  `  ${'module'.padEnd(64)} ${'min'.padStart(8)} ${'gzip'.padStart(8)} ${'saved'.padStart(8)}  chunk`,
);
for (const r of rows.slice(0, top))
  console.log(
    `  ${r.name.slice(0, 64).padEnd(64)} ${r.min.toString().padStart(8)} ${Math.round(r.gzip).toString().padStart(8)} ${r.saved.toString().padStart(8)}  ${r.chunks.join(',')}`,
  );
// Per package (node_modules) / folder (ours).
const groups = new Map();
for (const r of rows) {
  const key = r.name.includes(' ') ? r.name.split(' ')[0] : r.name.split('/').slice(0, 2).join('/');
  groups.set(key, (groups.get(key) ?? 0) + r.gzip);
}
console.log('\nPer package / source folder (gzip share):');
for (const [k, v] of [...groups].sort((a, b) => b[1] - a[1]))
  console.log(`  ${k.padEnd(40)} ${KiB(v).padStart(7)} KiB`);
