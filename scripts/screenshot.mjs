#!/usr/bin/env node
/**
 * Looks at a page as a patient would: a full-page screenshot in Debian's Chromium, plus any console
 * errors and CSP violations. `node scripts/screenshot.mjs URL OUT.png [width] [light|dark] [lang]`
 */
import {chromium} from 'playwright-core';

const [url, out, width = '1280', scheme = 'light', lang] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
});
const page = await browser.newPage({viewport: {width: Number(width), height: 900}, colorScheme: scheme});
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') console.log(`console.${m.type()}: ${m.text()}`);
});
page.on('pageerror', (e) => console.log(`page error: ${e}`));
await page.goto(url, {waitUntil: 'networkidle'});
if (lang) await page.evaluate((l) => (document.documentElement.lang = l), lang);
await page.waitForTimeout(800);
await page.screenshot({path: out, fullPage: true});
await browser.close();
console.log(`saved ${out}`);
