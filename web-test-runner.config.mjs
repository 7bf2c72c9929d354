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
  // Sound for the device check's test tone and level meter without a real click.
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * The camera and microphone each test group sees (Chromium's own fakes, toolchain-notes): a fake
 * camera and microphone granted without a prompt (the default); permission denied; a microphone
 * but no camera; no devices at all.
 */
const MEDIA = {
  default: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  denied: ['--use-fake-device-for-media-stream', '--deny-permission-prompts'],
  'no-camera': ['--use-fake-device-for-media-stream=device-count=0', '--use-fake-ui-for-media-stream'],
  'no-devices': ['--use-fake-ui-for-media-stream'],
};

const testFiles = readdirSync('test/browser', {recursive: true}).map(String);
const hasTests = (suffix) => testFiles.some((f) => f.endsWith(suffix));

/** A Chromium whose own time zone is `tz` (the patient's zone, QUALITY 26–27), with `media` devices. */
function chromium(tz, media = 'default') {
  return chromeLauncher({
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [...chromiumArgs, ...MEDIA[media]],
      env: {...process.env, ...(tz ? {TZ: tz} : {})},
    },
  });
}

const PATIENT_TZ = process.env.PATIENT_TZ ?? 'America/Mexico_City';

export default {
  files: ['test/browser/**/*.test.ts', '!test/browser/**/*.tz.test.ts', '!test/browser/**/*.media-*.test.ts'],
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
  browsers: [chromium(PATIENT_TZ)],
  // Tests named *.tz.test.ts run once per patient time zone: one far from the clinic's, one with a DST
  // change the clinic's zone lacks, one with a half-hour offset, one at UTC+14.
  // Tests named *.media-<kind>.test.ts run in a Chromium whose camera and microphone are <kind>.
  groups: [
    ...(hasTests('.tz.test.ts')
      ? ['Asia/Tokyo', 'America/New_York', 'America/St_Johns', 'Pacific/Kiritimati'].map((tz) => ({
          name: `tz-${tz.replace('/', '-')}`,
          files: 'test/browser/**/*.tz.test.ts',
          browsers: [chromium(tz)],
        }))
      : []),
    ...['denied', 'no-camera', 'no-devices']
      .filter((kind) => hasTests(`.media-${kind}.test.ts`))
      .map((kind) => ({
        name: `media-${kind}`,
        files: `test/browser/**/*.media-${kind}.test.ts`,
        browsers: [chromium(PATIENT_TZ, kind)],
      })),
  ],
};
