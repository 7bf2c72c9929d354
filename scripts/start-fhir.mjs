#!/usr/bin/env node
/**
 * `npm run start:fhir`: the demo clinic on the FHIR backend. Starts the FHIR test server (Medplum's
 * FHIR engine in memory, seeded with the demo clinic, with its SMART authorization server) and
 * serves, on http://127.0.0.1:8080 (PORT to change it) under the strict CSP, a page whose
 * `<booking-widget>` and `<patient-portal>` (sign-in, appointments, reminders) with
 * `backend="fhir:…"` book, list and cancel there (scripts/fhir-site.mjs).
 * "Sign in with …" runs the SMART sign-in in a popup; the test server signs in the demo patient
 * (Ana García López) at once. Fresh data on every start. The drop-in file is built into
 * `.demo-build/fhir/` (its FHIR chunk in its own pass, as `npm run build` does).
 */
import {execFileSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {startFhirSite} from './fhir-site.mjs';
import {stopOnSignals} from './stop-on-signals.mjs';

const distDir = fileURLToPath(new URL('../.demo-build/fhir/', import.meta.url));
const vite = (mode, env = {}) =>
  execFileSync(
    'npx',
    [
      'vite',
      'build',
      '--mode',
      mode,
      '--logLevel',
      'error',
      '--outDir',
      distDir,
      ...(mode === 'drop-in-fhir' ? ['--emptyOutDir'] : []),
    ],
    {stdio: ['ignore', 'ignore', 'inherit'], env: {...process.env, ...env}},
  );
console.log('Building the drop-in file…');
execFileSync('npx', ['lit-localize', 'build'], {stdio: ['ignore', 'ignore', 'inherit']});
vite('drop-in-fhir');
const fhirChunk = readdirSync(`${distDir}chunks`).find((f) => /^fhir-.*\.js$/.test(f));
vite('drop-in', {FHIR_CHUNK: fhirChunk});

const page = (lang, origin) => {
  const es = lang === 'es';
  return (
    `<!doctype html><html lang="${es ? 'es-MX' : 'en-US'}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${es ? 'Clínica de demostración en FHIR' : 'Demo clinic on FHIR'}</title>` +
    `<link rel="stylesheet" href="/demo.css">` +
    `<script type="module" src="/dist/patient-portal-elements.js"></script></head><body><main>` +
    `<p><a href="${es ? '/' : '/es.html'}" lang="${es ? 'en' : 'es'}">${es ? 'English' : 'Español'}</a></p>` +
    `<booking-widget backend="fhir:${origin}/fhir/R4"></booking-widget>` +
    `<patient-portal backend="fhir:${origin}/fhir/R4">` +
    `<patient-login></patient-login><appointment-list></appointment-list><reminder-prefs></reminder-prefs>` +
    `</patient-portal>` +
    `</main></body></html>`
  );
};

console.log('Starting the FHIR test server (the demo clinic seeded)…');
const port = Number(process.env.PORT ?? 8080);
const site = await startFhirSite({
  port,
  distDir,
  pages: (origin) => ({
    '/': page('en', origin),
    '/index.html': page('en', origin),
    '/es.html': page('es', origin),
  }),
}).catch((e) => {
  console.error(
    e?.code === 'EADDRINUSE'
      ? `Port ${port} is in use: stop what runs there, or choose another with PORT=8081 npm run start:fhir`
      : `The FHIR demo did not start: ${e?.stack ?? e}`,
  );
  process.exit(1);
});
console.log(
  `The demo clinic on FHIR is open at ${site.url}  (Ctrl+C to stop)\n` +
    `  FHIR R4 base ${site.fhirBase} · SMART discovery ${site.fhirBase}/.well-known/smart-configuration\n` +
    '  "Sign in with …" signs in the demo patient at once (test authorization server) · fresh data on every start',
);
stopOnSignals(() => site.close());
