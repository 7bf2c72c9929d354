#!/usr/bin/env node
/**
 * The REST contract's tools (`server/openapi.yaml`), on @redocly/cli:
 *
 *   node scripts/openapi.mjs lint         `npm run lint:api` (part of `npm run lint`): redocly lint
 *                                         with the rules of `redocly.yaml`; fails on any problem
 *   node scripts/openapi.mjs docs [file]  `npm run docs:api`: the API reference as one static HTML
 *                                         file (default `.api-docs/index.html`)
 *   node scripts/openapi.mjs types        `npm run openapi:types`: TypeScript types of the document
 *                                         (openapi-typescript) into {@link API_TYPES_FILE}, committed;
 *   node scripts/openapi.mjs types --check  (part of `npm run lint`) fails when that file is stale
 *
 * The reference is Redoc's, with its scripts inlined (`--inlineBundle`; without it the page loads
 * them from Redocly's CDN): it opens offline. It does need inline scripts and styles, which the
 * demo site's strict CSP forbids, so the demo site serves it (at `/portal-api/docs`, development
 * only) under a CSP of its own, {@link apiDocsCsp}: only these scripts, by hash.
 */
import {execFile, spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {readFile, writeFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
const ENV = {...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: 'true'};
export const API_DOCUMENT = 'server/openapi.yaml';
export const API_DOCS_FILE = fileURLToPath(new URL('../.api-docs/index.html', import.meta.url));
/** The document's types, generated (`npm run openapi:types`) and committed: read it in review. */
export const API_TYPES_FILE = 'src/adapters/rest/generated/openapi.ts';

const TYPES_HEADER = `/**
 * GENERATED from ${API_DOCUMENT} by openapi-typescript (\`npm run openapi:types\`): do not edit.
 * \`npm run lint\` fails when this file is stale. Import it with \`import type\` only (zero bytes in
 * the bundle); \`src/adapters/rest/wire.ts\` has the helpers the adapter and the server use.
 */
`;

/**
 * The types of the document as openapi-typescript writes them (readonly: the adapter and the
 * server hand readonly domain values to them), formatted with the project's Prettier settings so
 * that `prettier --check` and the staleness check agree.
 */
export async function generateApiTypes() {
  const [{default: openapiTS, astToString}, prettier] = await Promise.all([
    import('openapi-typescript'),
    import('prettier'),
  ]);
  const ast = await openapiTS(new URL(`../${API_DOCUMENT}`, import.meta.url), {
    immutable: true,
    // The document's own lint runs in `lint:api` with redocly.yaml; nothing to repeat here.
    redocly: undefined,
  });
  const text = `${TYPES_HEADER}\n${astToString(ast).replace(/^\/\*\*\n \* This file was auto-generated[\s\S]*?\*\/\n+/, '')}`;
  const config =
    (await prettier.resolveConfig(fileURLToPath(new URL(`../${API_TYPES_FILE}`, import.meta.url)))) ?? {};
  return prettier.format(text, {...config, parser: 'typescript'});
}

/** Writes {@link API_TYPES_FILE}, or with `check` only compares it: returns the exit status. */
export async function apiTypes({check = false} = {}) {
  const file = fileURLToPath(new URL(`../${API_TYPES_FILE}`, import.meta.url));
  const fresh = await generateApiTypes();
  if (!check) {
    await writeFile(file, fresh);
    console.log(`API types: ${API_TYPES_FILE}`);
    return 0;
  }
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current === fresh) return 0;
  console.error(
    `${API_TYPES_FILE} is stale (${API_DOCUMENT} changed): run \`npm run openapi:types\` and commit it`,
  );
  return 1;
}

/**
 * `redocly lint`: prints its report, returns the exit status. Any problem fails, warnings
 * included — also a warning about `redocly.yaml` itself, after which redocly would pass with the
 * rules it could not read left out.
 */
export function lintApi() {
  const run = spawnSync(process.execPath, [CLI, 'lint', API_DOCUMENT, '--config', 'redocly.yaml'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: ENV,
  });
  if (run.error) throw run.error;
  const output = `${run.stdout}${run.stderr}`;
  process.stdout.write(output);
  // Each problem, of the document or of the configuration, is a numbered line: `[1] file:line:col`.
  const problems = output.split('\n').filter((line) => /^\[\d+\] /.test(line)).length;
  if (run.status === 0 && problems === 0) return 0;
  console.error(`lint:api: ${problems} problem(s) in ${API_DOCUMENT} or redocly.yaml`);
  return 1;
}

/** Builds the HTML reference into `file` (Redoc, scripts inlined). */
export async function buildApiDocs(file = API_DOCS_FILE) {
  await promisify(execFile)(
    process.execPath,
    [CLI, 'build-docs', API_DOCUMENT, '--config', 'redocly.yaml', '--inlineBundle', '-o', file],
    {cwd: ROOT, env: ENV, maxBuffer: 16 * 1024 * 1024},
  );
  return file;
}

/**
 * The Content Security Policy the reference page needs: its inline scripts by hash and nothing
 * else; inline styles (Redoc's styled-components inject them at run time); images and fonts from
 * the page or `data:` (Redocly's logo and icons on its CDN stay blank); no trusted types (Redoc
 * writes rendered Markdown with innerHTML).
 */
export function apiDocsCsp(html) {
  const hashes = [...html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)].map(([, attrs = '', body]) => {
    if (/\ssrc=/.test(attrs)) throw new Error('the API reference loads a script from elsewhere');
    return `'sha256-${createHash('sha256').update(body).digest('base64')}'`;
  });
  return [
    "default-src 'none'",
    `script-src ${hashes.join(' ')}`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [command, file] = process.argv.slice(2);
  if (command === 'lint') process.exitCode = lintApi();
  else if (command === 'docs') console.log(`API reference: ${await buildApiDocs(file)}`);
  else if (command === 'types') process.exitCode = await apiTypes({check: process.argv.includes('--check')});
  else {
    console.error('usage: node scripts/openapi.mjs lint | docs [file] | types [--check]');
    process.exitCode = 2;
  }
}
