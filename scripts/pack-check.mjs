#!/usr/bin/env node
/**
 * The package as developers get it (issue #15): packs the tarball exactly as `npm publish` would
 * (after `npm run build`; `prepack` builds when packing by hand), then checks
 *
 * - its file list: the drop-in file, the library, the `.d.ts` files, `custom-elements.json`, the
 *   README and the framework integration (React wrappers, JSX/Vue/Svelte types, VS Code and
 *   JetBrains data), and every target of `exports` (patterns included) present in it;
 * - that every public entry, installed from the tarball into a scratch project, imports in plain
 *   Node (as a Next.js, Nuxt or Astro server build would) without touching `window` or `document`
 *   and without throwing — each in a fresh process.
 *
 * Prints the tarball's size. Exits non-zero on any failure.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

const root = resolve('.');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
let failures = 0;
const check = (name, ok, detail = '') => {
  if (!ok) failures++;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}`);
};

if (!existsSync('dist/patient-portal-elements.js') || !existsSync('custom-elements.json')) {
  console.error('Run `npm run build` first (it makes dist/ and custom-elements.json).');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'pack-check-'));
try {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const files = new Set(packed.files.map((f) => f.path));
  console.log(
    `Tarball ${packed.filename}: ${(packed.size / 1024).toFixed(1)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked, ${files.size} files`,
  );

  for (const f of [
    'custom-elements.json',
    'README.md',
    'dist/patient-portal-elements.js',
    'package.json',
    // The framework integration generated from the manifest (scripts/generate-frameworks.mjs).
    'dist/react/index.js',
    'dist/react/index.d.ts',
    'dist/react/booking-widget.js',
    'dist/frameworks/types.d.ts',
    'dist/frameworks/jsx.d.ts',
    'dist/frameworks/react-jsx.d.ts',
    'dist/frameworks/preact-jsx.d.ts',
    'dist/frameworks/vue.d.ts',
    'dist/frameworks/svelte.d.ts',
    'dist/frameworks/vscode.html-custom-data.json',
    'dist/frameworks/vscode.css-custom-data.json',
    'dist/frameworks/web-types.json',
  ])
    check(`the tarball has ${f}`, files.has(f));
  check(
    'package.json "web-types" (JetBrains) points into the tarball',
    files.has(String(pkg['web-types']).replace(/^\.\//, '')),
  );
  check(
    'the tarball has .d.ts files',
    [...files].some((f) => f.endsWith('.d.ts')),
  );
  check(
    'the tarball has no tests, sources or server code',
    ![...files].some((f) => f.startsWith('test/') || f.startsWith('server/') || f.startsWith('src/')),
  );

  // Every target of the exports map (a `*` matches at least one file).
  const targets = [];
  for (const [key, value] of Object.entries(pkg.exports)) {
    const paths = typeof value === 'string' ? [value] : Object.values(value);
    for (const p of paths) targets.push([key, p.replace(/^\.\//, '')]);
  }
  for (const [key, target] of targets) {
    const ok = target.includes('*')
      ? [...files].some((f) => new RegExp(`^${target.split('*').map(escape).join('[^/]+')}$`).test(f))
      : files.has(target);
    check(`exports["${key}"] → ${target} is in the tarball`, ok);
  }

  // Install the tarball into a scratch project (its dependencies linked from this checkout).
  const app = join(scratch, 'app');
  const dest = join(app, 'node_modules', pkg.name);
  mkdirSync(dest, {recursive: true});
  execFileSync('tar', ['-xzf', join(scratch, packed.filename), '-C', dest, '--strip-components=1']);
  // Peer dependencies too (React, for the `react` entry), from the checkout's devDependencies.
  for (const dep of Object.keys({...pkg.dependencies, ...pkg.peerDependencies})) {
    const to = join(app, 'node_modules', dep);
    mkdirSync(join(to, '..'), {recursive: true});
    symlinkSync(join(root, 'node_modules', dep), to, 'dir');
  }
  // Transitive dependencies resolve from the checkout's node_modules.
  const env = {...process.env, NODE_PATH: join(root, 'node_modules')};

  // Every entry with JavaScript (type-only entries such as `./jsx` and `./vue` have none).
  const hasCode = (v) => typeof v === 'string' || 'import' in v || 'default' in v;
  const entries = Object.entries(pkg.exports)
    .filter(([k, v]) => !k.includes('*') && !k.endsWith('.json') && hasCode(v))
    .map(([k]) => k)
    .concat(['./define/booking-widget.js', './react/booking-widget.js']);
  for (const key of entries) {
    const specifier = key === '.' ? pkg.name : `${pkg.name}${key.slice(1)}`;
    const probe = `
      const before = Object.keys(globalThis).length;
      const m = await import(${JSON.stringify(specifier)});
      if (typeof window !== 'undefined' || typeof document !== 'undefined') throw new Error('window or document appeared');
      console.log(Object.keys(m).length);`;
    try {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
        cwd: app,
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }).trim();
      check(`import '${specifier}' in plain Node (from the tarball)`, true, `${out} exports`);
    } catch (e) {
      check(
        `import '${specifier}' in plain Node (from the tarball)`,
        false,
        String(e.stderr ?? e).split('\n')[0],
      );
    }
  }
} finally {
  rmSync(scratch, {recursive: true, force: true});
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

console.log(failures ? `\nFAIL  ${failures} check(s) failed` : '\nPASS  every check');
process.exit(failures ? 1 : 0);
