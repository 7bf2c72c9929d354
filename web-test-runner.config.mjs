import {readFile} from 'node:fs/promises';
import {readdirSync} from 'node:fs';
import {createRequire} from 'node:module';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {chromeLauncher} from '@web/test-runner-chrome';

const require = createRequire(import.meta.url);
const mswWorkerPath = require.resolve('msw/mockServiceWorker.js');

const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

function hasTzTests() {
  return readdirSync('test/browser', {recursive: true}).some((f) => String(f).endsWith('.tz.test.ts'));
}

/** A Chromium whose own time zone is `tz` (the patient's zone, QUALITY 26–27). */
function chromium(tz) {
  return chromeLauncher({
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: chromiumArgs,
      env: {...process.env, ...(tz ? {TZ: tz} : {})},
    },
  });
}

export default {
  files: ['test/browser/**/*.test.ts', '!test/browser/**/*.tz.test.ts'],
  nodeResolve: {exportConditions: ['browser', 'development']},
  rootDir: '.',
  concurrency: 1,
  concurrentBrowsers: 1,
  testFramework: {config: {timeout: 10000}},
  plugins: [esbuildPlugin({ts: true, tsconfig: './tsconfig.json', target: 'es2022'})],
  middleware: [
    async function mswWorker(ctx, next) {
      if (ctx.path === '/mockServiceWorker.js') {
        ctx.type = 'application/javascript';
        ctx.body = await readFile(mswWorkerPath, 'utf8');
        return;
      }
      return next();
    },
  ],
  browsers: [chromium(process.env.PATIENT_TZ ?? 'America/Mexico_City')],
  // Tests named *.tz.test.ts run once per patient time zone: one far from the clinic's, one with a DST
  // change the clinic's zone lacks, one with a half-hour offset, one at UTC+14.
  groups: hasTzTests()
    ? ['Asia/Tokyo', 'America/New_York', 'America/St_Johns', 'Pacific/Kiritimati'].map((tz) => ({
        name: `tz-${tz.replace('/', '-')}`,
        files: 'test/browser/**/*.tz.test.ts',
        browsers: [chromium(tz)],
      }))
    : [],
};
