import {defineConfig} from 'vite';
import {readdirSync} from 'node:fs';

/**
 * Two builds (scripts/build.mjs runs both, then `tsc` for the .d.ts files):
 * - `--mode drop-in` → dist/patient-portal-elements.js: Lit inlined, minified, every element
 *   defined, with the chunks it loads on first use beside it (Spanish catalog, demo clinic…).
 * - `--mode lib` (default) → dist/lib: one module per source file, lit external, for bundlers.
 */
export default defineConfig(({mode}) => {
  const dropIn = mode === 'drop-in';
  const defineEntries = Object.fromEntries(
    readdirSync('src/define')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [`define/${f.replace(/\.ts$/, '')}`, `src/define/${f}`]),
  );
  return {
    // Chunk URLs are relative to the entry file, wherever a clinic hosts it.
    base: './',
    build: {
      target: 'es2022',
      outDir: dropIn ? 'dist' : 'dist/lib',
      emptyOutDir: !dropIn,
      sourcemap: true,
      minify: dropIn,
      reportCompressedSize: false,
      // The drop-in file is built as an app entry, not in library mode: Vite's library mode keeps
      // whitespace in ES output (to preserve pure annotations), which costs every page bytes.
      lib: dropIn
        ? false
        : {
            entry: {
              index: 'src/index.ts',
              define: 'src/define.ts',
              ...defineEntries,
              'adapters/memory/index': 'src/adapters/memory/index.ts',
              'adapters/rest/index': 'src/adapters/rest/index.ts',
              'domain/index': 'src/domain/index.ts',
            },
            formats: ['es'],
          },
      // Chunks are fetched when first imported; no preload helper in the page's bytes.
      modulePreload: dropIn ? false : undefined,
      rolldownOptions: dropIn
        ? {
            input: {'patient-portal-elements': 'src/drop-in.ts'},
            preserveEntrySignatures: 'exports-only',
            output: {entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', format: 'es'},
          }
        : {
            external: [
              /^lit($|\/)/,
              /^@lit\//,
              /^@lit-labs\//,
              /^date-fns($|\/)/,
              /^@date-fns\//,
              /^libphonenumber-js/,
              /^ts-ics/,
              /^@stripe\//,
            ],
            output: {preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js'},
          },
    },
  };
});
