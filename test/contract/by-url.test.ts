/**
 * The shared contract suite against any server implementing `server/openapi.yaml`, by URL:
 *
 *   PORTAL_CONTRACT_URL=http://127.0.0.1:8787/portal-api npm run test:contract
 *
 * Optional: `PORTAL_CONTRACT_DEV_URL` (the development endpoints, default `/portal-dev` on the
 * API's origin) and `PORTAL_CONTRACT_AUTH=bearer` (sessions as bearer tokens; default cookie). The
 * server must offer the demo data and the development endpoints (see url-harness.ts and
 * server/README.md, "Implementing this API"). Every request the adapter sends and every answer the
 * server gives is checked against the document as well.
 */
import {expect, vi} from 'vitest';
import type {RestAuthMode} from '../../src/adapters/rest/index.js';
import {checkedFetch} from '../server/helpers.js';
import {describeAdapterContract} from './index.js';
import {urlHarness} from './url-harness.js';

const apiUrl = process.env.PORTAL_CONTRACT_URL;
if (!apiUrl)
  throw new Error(
    'PORTAL_CONTRACT_URL is not set: the base URL of the API to test, e.g. http://127.0.0.1:8787/portal-api',
  );
const auth: RestAuthMode = process.env.PORTAL_CONTRACT_AUTH === 'bearer' ? 'bearer' : 'cookie';

/** Tuesday 10 March 2026, 10:00 in Mexico City (as the in-process suites). */
const T0 = Date.parse('2026-03-10T16:00:00Z');

// Every sign-in hashes a password (scrypt on the reference server): slow on a busy machine.
vi.setConfig({testTimeout: 30_000, hookTimeout: 30_000});

describeAdapterContract(`RestAdapter + the server at ${apiUrl} (${auth})`, async () => {
  const checked = checkedFetch(apiUrl);
  const harness = await urlHarness({
    apiUrl,
    devUrl: process.env.PORTAL_CONTRACT_DEV_URL,
    auth,
    startAt: T0,
    fetch: checked.fetch,
  });
  return {
    ...harness,
    close: async () => {
      expect(checked.violations, 'requests and answers match server/openapi.yaml').toEqual([]);
      for (const url of checked.urls) expect(url, 'no patient data in URLs').not.toMatch(/@|%40/);
    },
  };
});
