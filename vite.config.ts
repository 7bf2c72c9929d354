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
    build: {
      target: 'es2022',
      outDir: dropIn ? 'dist' : 'dist/lib',
      emptyOutDir: !dropIn,
      sourcemap: true,
      minify: dropIn,
      reportCompressedSize: false,
      lib: dropIn
        ? {
            entry: {'patient-portal-elements': 'src/drop-in.ts'},
            formats: ['es'],
            fileName: (_f, name) => `${name}.js`,
          }
        : {
            entry: {
              index: 'src/index.ts',
              define: 'src/define.ts',
              ...defineEntries,
              'adapters/memory/index': 'src/adapters/memory/index.ts',
              'domain/index': 'src/domain/index.ts',
            },
            formats: ['es'],
          },
      rolldownOptions: dropIn
        ? {output: {chunkFileNames: 'chunks/[name]-[hash].js'}}
        : {
            external: [/^lit($|\/)/, /^@lit\//, /^@lit-labs\//, /^date-fns($|\/)/, /^@date-fns\//],
            output: {preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js'},
          },
    },
  };
});
