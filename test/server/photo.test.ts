/**
 * The profile photo over HTTP (issue #17, item 3), beyond the contract suite: the demo patient's
 * photo is the demo clinic's in memory; the photo is served only with her session, with the type
 * sniffed from its bytes, `Cache-Control: private, no-store` and `nosniff`; signed out is 401 and
 * a patient without a photo gets 204 (nothing to show: no 404 in the host page's console); storing and removing are audited with her id only (never the
 * bytes); bad input — a PDF or an SVG renamed .jpg, bad base64, an unknown field, a 20 MB photo
 * (refused before its body is read), no CSRF token — is a clear 4xx with nothing stored.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  createDemoAdapter,
} from '../../src/adapters/memory/index.js';
import {DEMO_PHOTO_PNG_BASE64} from '../../src/adapters/memory/demo-photo.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase, demoSession} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('photo');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({clock: () => T0, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

const PNG = Buffer.from(DEMO_PHOTO_PNG_BASE64, 'base64');
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('the profile photo over HTTP', () => {
  it('seeds the demo patient’s photo as the demo clinic in memory does, serves it only to her with its sniffed type, and audits changes without the bytes', async () => {
    await server.reset();
    const checked = checkedFetch(server.url);
    const a = new RestAdapter({baseUrl: server.url, fetch: checked.fetch});
    await a.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const memory = createDemoAdapter({clock: () => T0});
    await memory.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const seeded = await a.getProfilePhoto();
    expect(seeded).toEqual(await memory.getProfilePhoto());
    expect(seeded?.contentType).toBe('image/png');

    const {cookie, csrf} = await demoSession(server.url);
    const r = await fetch(`${server.url}/profile/photo`, {headers: {Cookie: cookie}});
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('cache-control')).toBe('private, no-store');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await r.arrayBuffer())).toEqual(PNG);
    // Without her session: 401, never the bytes.
    const anonymous = await fetch(`${server.url}/profile/photo`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/problem\+json/);

    // A PNG sent as if it were a JPEG is served as what it is.
    const put = await fetch(`${server.url}/profile/photo`, {
      method: 'PUT',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Cookie: cookie},
      body: JSON.stringify({content: PNG.toString('base64')}),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({contentType: 'image/png', width: 96, height: 96});
    await a.removeProfilePhoto();
    expect(await a.getProfilePhoto()).toBeUndefined();
    const none = await fetch(`${server.url}/profile/photo`, {headers: {Cookie: cookie}});
    expect(none.status).toBe(204);
    expect(await none.text()).toBe('');

    const rows = await server.db.query<Record<string, unknown>>(
      "SELECT * FROM audit_log WHERE action LIKE 'photo.%' ORDER BY seq",
    );
    expect(rows.map((x) => x.action)).toEqual(['photo.upload', 'photo.remove']);
    for (const row of rows) expect(row.patient_id).toBeTruthy();
    expect(JSON.stringify(rows)).not.toContain(PNG.toString('base64').slice(0, 40));
    expect(checked.violations).toEqual([]);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    await server.reset();
    const {cookie, csrf} = await demoSession(server.url);
    const before = await server.db.query('SELECT * FROM profile_photos');
    expect(before).toHaveLength(1);
    const audited = await server.db.query("SELECT * FROM audit_log WHERE action LIKE 'photo.%'");
    const send = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/profile/photo`, {
        method: 'PUT',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Cookie: cookie, ...headers},
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const problem = async (r: Response) => ({status: r.status, body: (await r.json()) as unknown});
    // The bad input: a PDF renamed .jpg, an SVG with a script.
    expect(await problem(await send({content: b64('%PDF-1.7\n%%EOF\n')}))).toMatchObject({
      status: 422,
      body: {errors: {photo: 'file-type'}},
    });
    expect(
      await problem(
        await send({content: b64('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')}),
      ),
    ).toMatchObject({status: 422, body: {errors: {photo: 'file-type'}}});
    expect(await problem(await send({content: 'not base64!'}))).toMatchObject({
      status: 422,
      body: {errors: {photo: 'invalid'}},
    });
    expect(await problem(await send({content: ''}))).toMatchObject({
      status: 422,
      body: {errors: {photo: 'file-empty'}},
    });
    expect((await send({content: PNG.toString('base64'), name: 'me.jpg'})).status).toBe(422);
    expect((await send({})).status).toBe(422);
    expect((await send('{not json')).status).toBe(422);
    expect((await send({content: PNG.toString('base64')}, {'Content-Type': 'text/plain'})).status).toBe(415);
    expect((await send({content: PNG.toString('base64')}, {'X-CSRF-Token': 'wrong'})).status).toBe(403);
    // 20 MB: refused before the body is read.
    const big = Buffer.alloc(20 * 1024 * 1024);
    PNG.copy(big);
    expect(await problem(await send({content: big.toString('base64')}))).toMatchObject({
      status: 422,
      body: {errors: {body: 'too-long'}},
    });
    // The other routes keep their small limit: a photo-sized body elsewhere is refused.
    const elsewhere = await fetch(`${server.url}/insurance-cards`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Cookie: cookie},
      body: JSON.stringify({insurer: 'x'.repeat(1024 * 1024), memberNumber: '1'}),
    });
    expect(elsewhere.status).toBe(422);
    // Signed out: 401 (no CSRF header: 403, before anything else).
    expect((await fetch(`${server.url}/profile/photo`, {method: 'DELETE'})).status).toBe(403);
    expect(
      (await fetch(`${server.url}/profile/photo`, {method: 'DELETE', headers: {'X-CSRF-Token': 'none'}}))
        .status,
    ).toBe(401);
    expect(await server.db.query('SELECT * FROM profile_photos')).toEqual(before);
    expect(await server.db.query("SELECT * FROM audit_log WHERE action LIKE 'photo.%'")).toEqual(audited);
  });
});
