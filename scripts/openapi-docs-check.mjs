#!/usr/bin/env node
/**
 * `npm run docs:api:check`: builds the rendered API reference (`npm run docs:api`), opens it in
 * Chromium (file://, offline, fresh profile) and checks that every operation of `server/openapi.yaml`
 * is listed (each tag opened in the sidebar, as a reader does) and that the page threw no error. Prints what it found.
 */
import {readFileSync} from 'node:fs';
import {pathToFileURL} from 'node:url';
import {chromium} from 'playwright-core';
import {parse} from 'yaml';
import {API_DOCUMENT, buildApiDocs} from './openapi.mjs';

const doc = parse(readFileSync(new URL(`../${API_DOCUMENT}`, import.meta.url), 'utf8'));
const expected = Object.values(doc.paths).flatMap((item) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([, op]) => op.operationId),
);

const file = await buildApiDocs();
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(file).href);
  // Redocly's reference lists a tag's operations in its sidebar once the tag is opened
  // (`data-section-id="/<tag>/<operationid>"`, lower case); open each tag as a reader would.
  const listed = new Set();
  for (const {name} of doc.tags) {
    await page.click(`a[href="/${name}"]`, {timeout: 60_000});
    await page.waitForSelector(`[data-section-id^="/${name}/"]`, {state: 'attached', timeout: 30_000});
    for (const id of await page.$$eval(`[data-section-id^="/${name}/"]`, (els) =>
      els.map((e) => e.getAttribute('data-section-id')),
    ))
      listed.add(id.split('/').pop());
  }
  const missing = expected.filter((id) => !listed.has(id.toLowerCase()));
  console.log(
    `docs:api:check: ${listed.size} operations listed in Chromium, ${expected.length} in the document`,
  );
  if (missing.length > 0 || errors.length > 0) {
    console.error(`missing: ${missing.join(', ') || 'none'}; page errors: ${errors.join('; ') || 'none'}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
