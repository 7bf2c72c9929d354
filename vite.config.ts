import {defineConfig, type Plugin} from 'vite';
import {readdirSync} from 'node:fs';
import {minifyLitTemplates} from './scripts/minify-lit-templates.mjs';

/**
 * Vite wraps every dynamic `import()` of an app build in its preload helper, which fetches the
 * chunk's CSS and `<link rel=modulepreload>`s its dependencies — 0.86 KiB gzip that every page of
 * the drop-in file loaded (a Vite limitation: `modulePreload: false` keeps the helper). Our
 * elements keep their styles in their JavaScript and we preload nothing, so the drop-in build gets
 * a helper that only imports (a failed chunk load still rejects, as each caller expects).
 */
const PRELOAD_HELPER = '\0vite/preload-helper.js';
const importOnlyPreloadHelper: Plugin = {
  name: 'portal:import-only-preload-helper',
  enforce: 'pre',
  apply: 'build',
  resolveId: (id) => (id === PRELOAD_HELPER ? id : undefined),
  load: (id) => (id === PRELOAD_HELPER ? 'export const __vitePreload = (load) => load();' : undefined),
};

/**
 * What the drop-in entry itself imports (its page API: backends, sessions, the page's language),
 * and nothing of Lit: a page loads it with the entry, and importing the entry stays harmless where
 * there is no DOM (server-side rendering imports it in Node; scripts/pack-check.mjs checks that).
 */
const PAGE = [
  /node_modules[\\/]@lit[\\/]localize[\\/]/,
  /src[\\/]localization[\\/](localization\.ts|generated[\\/]locale-codes\.ts)$/,
  /src[\\/]adapters[\\/](registry|unavailable|adapter)\.ts$/,
  /src[\\/]controllers[\\/](session-store|clock)\.ts$/,
  /src[\\/]domain[\\/](errors|types)\.ts$/,
];
const inPage = (id: string): boolean => PAGE.some((re) => re.test(id));

/** Modules every element's first render needs: one shared chunk instead of a dozen small ones. */
const CORE = [
  /node_modules[\\/](lit|lit-html|lit-element|@lit[\\/](reactive-element|localize|context))[\\/]/,
  /src[\\/]elements[\\/]base[\\/]/,
  /src[\\/]localization[\\/](localization|format-basic|error-messages)\.ts$/,
  /src[\\/]adapters[\\/](registry|unavailable|adapter)\.ts$/,
  /src[\\/]controllers[\\/]/,
  /src[\\/]domain[\\/](time|errors|types)\.ts$/,
  /src[\\/](events)\.ts$/,
  /src[\\/]styles[\\/]/,
  /src[\\/]define[\\/]define-element\.ts$/,
  /@date-fns[\\/]tz[\\/]tzOffset/,
];
/** …except what only some elements use: Lit's directives, the portal's context provider. */
const NOT_CORE =
  /lit-html[\\/](directives[\\/]|async-directive|directive)|@lit[\\/]context[\\/]lib[\\/](controllers[\\/]context-provider|decorators[\\/]provide|value-notifier)/;
const inCore = (id: string): boolean => CORE.some((re) => re.test(id)) && !NOT_CORE.test(id) && !inPage(id);

/**
 * The FHIR adapter is a drop-in chunk built in a pass of its own (`--mode drop-in-fhir`, run first
 * by scripts/build.mjs): built with the main pass, it would share `domain/rules/` modules with the
 * demo clinic's chunk, and Rolldown would split those into small shared chunks that every demo page
 * then loads (+0.28 KiB on the budget pages, measured). Its own pass gives it its own copy of the
 * rules it applies (the same source, one rule in one place) and leaves the demo chunks as they were.
 * The error classes must stay one set per page (elements test `instanceof`), so that pass imports
 * them from the drop-in entry, which re-exports them; the main pass leaves the registry's import of
 * the adapter as a plain dynamic import of the chunk that pass wrote (its name in `FHIR_CHUNK`).
 */
const ERRORS = /src[\\/](domain[\\/]errors|adapters[\\/]adapter)\.ts$/;
const fhirErrorsFromEntry: Plugin = {
  name: 'portal:fhir-errors-from-entry',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (!importer || !/(errors|adapter)\.js$/.test(source)) return undefined;
    const resolved = await this.resolve(source, importer, {...options, skipSelf: true});
    return resolved && ERRORS.test(resolved.id)
      ? {id: '../patient-portal-elements.js', external: true}
      : undefined;
  },
};
const fhirChunkExternal = (file: string): Plugin => ({
  name: 'portal:fhir-chunk-external',
  enforce: 'pre',
  resolveId: (source, importer) =>
    source === './fhir/index.js' && importer && /src[\\/]adapters[\\/]registry\.ts$/.test(importer)
      ? {id: `./${file}`, external: true}
      : undefined,
});

/**
 * Two builds (scripts/build.mjs runs both, then `tsc` for the .d.ts files):
 * - `--mode drop-in` → dist/patient-portal-elements.js: Lit inlined, minified, every element
 *   defined, with the chunks it loads on first use beside it (Spanish catalog, demo clinic…).
 * - `--mode lib` (default) → dist/lib: one module per source file, lit external, for bundlers.
 */
export default defineConfig(({mode}) => {
  if (mode === 'drop-in-fhir') {
    return {
      plugins: [fhirErrorsFromEntry],
      base: './',
      build: {
        target: 'es2022',
        outDir: 'dist',
        emptyOutDir: false,
        sourcemap: true,
        minify: true,
        reportCompressedSize: false,
        modulePreload: false,
        rolldownOptions: {
          input: {fhir: 'src/adapters/fhir/index.ts'},
          // The adapter's chunk may export more than its entry does: its lazy parts (booking,
          // appointments, forms, documents, family members, reminders, SMART) import the rules and
          // helpers it already has from it. With the entry's exports kept strict, Rolldown split
          // every module an eager and a lazy part share into a chunk of its own that the adapter's
          // chunk then loaded too; now only the lazy parts split off (and what only they share).
          preserveEntrySignatures: 'allow-extension',
          output: {
            entryFileNames: 'chunks/[name]-[hash].js',
            chunkFileNames: 'chunks/fhir.[name]-[hash].js',
            format: 'es',
          },
        },
      },
    };
  }
  const dropIn = mode === 'drop-in';
  const fhirChunk = process.env.FHIR_CHUNK;
  const defineEntries = Object.fromEntries(
    readdirSync('src/define')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [`define/${f.replace(/\.ts$/, '')}`, `src/define/${f}`]),
  );
  return {
    plugins: dropIn
      ? [importOnlyPreloadHelper, minifyLitTemplates(), ...(fhirChunk ? [fhirChunkExternal(fhirChunk)] : [])]
      : [],
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
              'adapters/fhir/index': 'src/adapters/fhir/index.ts',
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
            output: {
              entryFileNames: '[name].js',
              chunkFileNames: 'chunks/[name]-[hash].js',
              format: 'es',
              codeSplitting: {
                groups: [
                  {name: 'page', test: inPage, priority: 2},
                  {name: 'core', test: inCore, priority: 1},
                ],
              },
            },
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
              /^@zxcvbn-ts\//,
            ],
            output: {preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js'},
          },
    },
  };
});
