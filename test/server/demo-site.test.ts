/**
 * The demo site as `npm start` serves it (`scripts/demo-site.mjs`): the page, the API and the
 * development tools on one origin under the strict CSP, the server's emailed links pointing at the
 * page, a session that works same-origin, fresh data per start unless a data folder is named, and
 * the in-memory variant (`npm run start:memory`) with no server at all. The browser side is
 * `scripts/e2e-demo.mjs` and `scripts/e2e-portal.mjs`.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {STRICT_CSP, startDemoSite, type DemoSite} from '../../scripts/demo-site.mjs';
import {checkedFetch} from './helpers.js';

vi.setConfig({testTimeout: 60_000});

// The demo runs on PGlite whatever the database of the server suites: once, in the PGlite pass.
const onPglite = !process.env.PORTAL_TEST_DATABASE_URL;

interface OutboxPage {
  messages: {id: string; kind: string; links: Record<string, string>}[];
  last: number;
}

describe.runIf(onPglite)('npm start: the demo on the reference server', () => {
  let site: DemoSite;
  beforeAll(async () => {
    site = await startDemoSite({port: 0});
  }, 120_000);
  afterAll(async () => {
    await site?.close();
  });

  it('serves the page with the strict CSP, its elements naming the same-origin API', async () => {
    const response = await fetch(site.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Security-Policy')).toBe(STRICT_CSP);
    const html = await response.text();
    expect(html).toContain('<patient-portal backend="/portal-api">');
    expect(html).not.toContain('backend="demo"');
  });

  it('serves the API and the development outbox on that origin, with the CSP', async () => {
    const clinic = await fetch(`${site.url}portal-api/clinic`);
    expect(clinic.status).toBe(200);
    expect(clinic.headers.get('Content-Security-Policy')).toBe(STRICT_CSP);
    expect(((await clinic.json()) as {id: string}).id).toBe('clinica-demo-roma-norte');
    const outbox = await fetch(`${site.url}portal-dev/outbox?after=0`);
    expect(outbox.status).toBe(200);
    expect(((await outbox.json()) as OutboxPage).messages.length).toBeGreaterThan(0);
  });

  it("points the server's emailed links at the page, the token in the fragment", async () => {
    const {messages} = (await (await fetch(`${site.url}portal-dev/outbox?after=0`)).json()) as OutboxPage;
    const links = messages.flatMap((m) => Object.values(m.links));
    expect(messages.some((m) => m.kind === 'invitation')).toBe(true);
    expect(messages.some((m) => m.kind === 'reminder')).toBe(true);
    expect(links.length).toBeGreaterThan(1);
    for (const link of links)
      expect(link).toMatch(new RegExp(`^${site.url}#portal-(invitation|reminder)=[\\w-]+&lang=(en|es)$`));
  });

  it('signs the demo patient in same-origin: the session cookie then carries the next calls', async () => {
    const base = `${site.url}portal-api`;
    const checked = checkedFetch(base);
    const adapter = new RestAdapter({baseUrl: base, fetch: checked.fetch});
    const info = (await (await fetch(`${site.url}portal-dev/demo-patient`)).json()) as {
      patientEmail: string;
      patientPassword: string;
    };
    const result = await adapter.signIn({email: info.patientEmail, password: info.patientPassword});
    expect(result.status).toBe('signed-in');
    const page = await adapter.listAppointments({when: 'upcoming'});
    expect(page.items.length).toBeGreaterThan(0);
    expect(checked.violations).toEqual([]);
  });

  it('answers anything else the static way (404 with the CSP)', async () => {
    const response = await fetch(`${site.url}no-such-page`);
    expect(response.status).toBe(404);
    expect(response.headers.get('Content-Security-Policy')).toBe(STRICT_CSP);
    expect((await fetch(`${site.url}%E0%A4%A`)).status).toBe(404);
  });
});

describe.runIf(onPglite)('data across starts', () => {
  it('is fresh on every start by default, and kept with a data folder', async () => {
    const ids = async (site: DemoSite) =>
      ((await (await fetch(`${site.url}portal-dev/outbox?after=0`)).json()) as OutboxPage).messages.map(
        (m) => m.id,
      );
    const dir = mkdtempSync(join(tmpdir(), 'demo-site-'));
    try {
      const first = await startDemoSite({dataDir: dir});
      const seeded = await ids(first);
      await first.close();
      const second = await startDemoSite({dataDir: dir});
      // The same database: not seeded again, the same messages.
      expect(await ids(second)).toEqual(seeded);
      await second.close();

      const fresh = await startDemoSite();
      const again = await ids(fresh);
      await fresh.close();
      expect(again.length).toBe(seeded.length);
      expect(again.filter((id) => seeded.includes(id))).toEqual([]);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  }, 120_000);
});

describe.runIf(onPglite)('npm run start:memory', () => {
  it('serves the same page on the in-memory demo clinic, with no server behind it', async () => {
    const site = await startDemoSite({backend: 'memory'});
    try {
      const response = await fetch(site.url);
      expect(response.headers.get('Content-Security-Policy')).toBe(STRICT_CSP);
      const html = await response.text();
      expect(html).toContain('<patient-portal backend="demo">');
      expect(html).not.toContain('/portal-api');
      expect((await fetch(`${site.url}portal-api/clinic`)).status).toBe(404);
      expect((await fetch(`${site.url}portal-dev/outbox?after=0`)).status).toBe(404);
    } finally {
      await site.close();
    }
  });
});
