#!/usr/bin/env node
/**
 * The REST contract's tools (`server/openapi.yaml`), on @redocly/cli:
 *
 *   node scripts/openapi.mjs lint         `npm run lint:api` (part of `npm run lint`): redocly lint
 *                                         with the rules of `redocly.yaml`; fails on any problem
 *   node scripts/openapi.mjs docs [file]  `npm run docs:api`: the API reference as one static HTML
 *                                         file (default `.api-docs/index.html`)
 *
 * The reference is Redoc's, with its scripts inlined (`--inlineBundle`; without it the page loads
 * them from Redocly's CDN): it opens offline. It does need inline scripts and styles, which the
 * demo site's strict CSP forbids, so the demo site serves it (at `/portal-api/docs`, development
 * only) under a CSP of its own, {@link apiDocsCsp}: only these scripts, by hash.
 */
import {execFile, spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
const ENV = {...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: 'true'};
export const API_DOCUMENT = 'server/openapi.yaml';
export const API_DOCS_FILE = fileURLToPath(new URL('../.api-docs/index.html', import.meta.url));

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
  else {
    console.error('usage: node scripts/openapi.mjs lint | docs [file]');
    process.exitCode = 2;
  }
}
