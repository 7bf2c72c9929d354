/**
 * The adult's own invitation over HTTP (family members, #21), beyond the contract suite: two
 * accounts signed in at once — the inviter revokes while the holder is signed in and the holder's
 * very next request for her is 404; the link's token is stored hashed only; five invitations a day
 * (429 with Retry-After, nothing sent); every request and answer matches the OpenAPI document; the
 * audit rows carry ids only; a minor is refused (403) and a holder acting for someone cannot invite.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {RestAdapter} from '../../src/adapters/rest/rest-adapter.js';
import {DEMO_PATIENT_EMAIL} from '../../src/adapters/memory/index.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, demoSignedIn, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const STRONG = 'Un paseo por Chapultepec 2026';
const database = testDatabase('proxy_invitations');
let server: RunningServer;
let now = T0;

beforeAll(async () => {
  server = await startServer({clock: () => now, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

interface OutboxRow {
  recipient: string;
  links: Record<string, string> | string;
  body: string;
}

/** The last message to `email` (whose link names `key`, when given). */
async function lastMailTo(email: string, key = ''): Promise<OutboxRow> {
  const rows = await server.db.query<OutboxRow>(
    'SELECT recipient, links, body FROM outbox WHERE lower(recipient) = lower($1) ORDER BY created_ms DESC, id DESC',
    [email],
  );
  const found = rows.find((r) => JSON.stringify(r.links).includes(key));
  expect(found, `a message to ${email} ${key}`).toBeTruthy();
  return found!;
}

const linkOf = (row: OutboxRow): string =>
  Object.values(
    typeof row.links === 'string' ? (JSON.parse(row.links) as Record<string, string>) : row.links,
  )[0]!;
const tokenIn = (link: string) =>
  new URLSearchParams(new URL(link).hash.slice(1)).get('portal-proxy-invitation')!;

/** A second account, registered and verified through the API, signed in on its own adapter. */
async function secondAccount(email: string) {
  const checked = checkedFetch(server.url);
  const adapter = new RestAdapter({baseUrl: server.url, fetch: checked.fetch});
  await adapter.register({
    patient: {
      givenName: 'Carmen',
      familyName: 'López',
      email,
      phone: '+525511112222',
      dateOfBirth: '1961-04-02',
      language: 'es',
    },
    password: STRONG,
    privacyConsent: true,
  });
  const link = linkOf(await lastMailTo(email, 'portal-verify'));
  const token = [...new URLSearchParams(new URL(link).hash.slice(1)).values()][0]!;
  const session = await adapter.verifyEmail(token, STRONG);
  return {adapter, session, violations: () => checked.violations};
}

describe('the adult’s own invitation over HTTP', () => {
  it('revoked while the holder is signed in: her very next request for the inviter is 404', async () => {
    await server.reset();
    now = T0;
    const ana = await demoSignedIn(server.url);
    const carmen = await secondAccount('carmen.lopez@example.com');
    await ana.adapter.inviteProxy!({
      email: 'Carmen.Lopez@Example.com',
      scope: 'full',
      relationship: 'daughter',
    });
    const mail = await lastMailTo('carmen.lopez@example.com', 'portal-proxy-invitation');
    const link = linkOf(mail);
    expect(link).toMatch(/#portal-proxy-invitation=[A-Za-z0-9_-]{20,}$/);
    expect(mail.body).toContain('Ana');
    const token = tokenIn(link);
    // Stored as its hash only.
    const stored = await server.db.query<{token_hash: string}>('SELECT token_hash FROM proxy_invitations');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toBe(token);
    expect(JSON.stringify(stored)).not.toContain(token);

    expect(await carmen.adapter.getProxyInvitation!(token)).toMatchObject({
      inviterGivenName: 'Ana',
      scope: 'full',
    });
    await carmen.adapter.answerProxyInvitation!(token, 'accept');
    const anaId = (await ana.adapter.getSession())!.patient.id;
    const asAna = carmen.adapter.actingFor!(anaId);
    expect((await asAna.listAppointments({when: 'all'})).items).toBeDefined();
    const [grant] = (await ana.adapter.listProxyAccess!()).grants;
    expect(grant).toMatchObject({
      givenName: 'Carmen',
      familyName: 'López',
      scope: 'full',
      relationship: 'daughter',
    });
    // The clinic's and the invitation's grants are the same table.
    const rows = await server.db.query<{granted_by: string}>(
      'SELECT granted_by FROM proxy_grants WHERE dependent_id = $1 AND revoked_ms IS NULL',
      [anaId],
    );
    expect(rows).toEqual([{granted_by: 'invitation'}]);
    await ana.adapter.revokeProxyAccess!(grant!.id);
    await expect(asAna.listAppointments({when: 'all'})).rejects.toMatchObject({code: 'not-found'});
    await expect(asAna.getProfile!()).rejects.toMatchObject({code: 'not-found'});
    // The inviter was told when it was accepted, in her language.
    const told = await server.db.query<{body: string}>(
      "SELECT body FROM outbox WHERE recipient = $1 AND body LIKE '%aceptó su invitación%'",
      [DEMO_PATIENT_EMAIL],
    );
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain('Carmen López');
    // Audited with ids only.
    const audits = await server.db.query<{action: string; actor: string; patient_id: string}>(
      "SELECT action, actor, patient_id FROM audit_log WHERE action LIKE 'proxy.invit%' OR action = 'proxy.revoke' ORDER BY seq",
    );
    expect(audits).toEqual([
      {action: 'proxy.invite', actor: anaId, patient_id: anaId},
      {action: 'proxy.invitation.accept', actor: carmen.session.patient.id, patient_id: anaId},
      {action: 'proxy.revoke', actor: anaId, patient_id: anaId},
    ]);
    expect(JSON.stringify(audits)).not.toMatch(/carmen|@/i);
    expect(ana.violations()).toEqual([]);
    expect(carmen.violations()).toEqual([]);
  });

  it('five invitations a day: the sixth is 429 with Retry-After and sends nothing; a day later it goes', async () => {
    await server.reset();
    now = T0;
    const ana = await demoSignedIn(server.url);
    for (let i = 0; i < 5; i++)
      await ana.adapter.inviteProxy!({
        email: `friend${i}@example.com`,
        scope: 'appointments',
        relationship: 'other',
      });
    const count = async () =>
      (await server.db.query("SELECT 1 FROM outbox WHERE recipient LIKE 'friend%'")).length;
    expect(await count()).toBe(5);
    const refused = await rejection(
      ana.adapter.inviteProxy!({email: 'friend5@example.com', scope: 'appointments', relationship: 'other'}),
    );
    expect(refused).toMatchObject({code: 'rate-limited'});
    expect((refused as {retryAfterSeconds: number}).retryAfterSeconds).toBeGreaterThan(23 * 3600);
    expect(await count()).toBe(5);
    now = T0 + 24 * 3600_000 + 1000;
    const later = await demoSignedIn(server.url);
    await later.adapter.inviteProxy!({
      email: 'friend5@example.com',
      scope: 'appointments',
      relationship: 'other',
    });
    expect(await count()).toBe(6);
    expect(ana.violations()).toEqual([]);
  });

  it('a minor cannot invite or accept (403); nor can a holder acting for someone (404); a bad body is 422, nothing stored', async () => {
    await server.reset();
    now = T0;
    const ana = await demoSignedIn(server.url);
    const people = await ana.adapter.listPeople!();
    const sofia = people.find((p) => p.relationship === 'daughter')!;
    // Acting for her daughter, the invitation is not an operation of the grant.
    await expect(
      ana.adapter.actingFor!(sofia.id).inviteProxy!({
        email: 'x@example.com',
        scope: 'full',
        relationship: 'other',
      }),
    ).rejects.toMatchObject({code: 'not-found'});
    await expect(
      ana.adapter.inviteProxy!({email: '', scope: 'all' as 'full', relationship: 'other'}),
    ).rejects.toMatchObject({code: 'validation', fields: {email: 'required', scope: 'invalid'}});
    // A minor's account cannot accept (403): Carmen, invited, made a minor by her date of birth.
    const carmen = await secondAccount('carmen.minor@example.com');
    await ana.adapter.inviteProxy!({
      email: 'carmen.minor@example.com',
      scope: 'full',
      relationship: 'daughter',
    });
    const token = tokenIn(linkOf(await lastMailTo('carmen.minor@example.com', 'portal-proxy-invitation')));
    await server.db.query("UPDATE patients SET date_of_birth = '2012-01-01' WHERE id = $1", [
      carmen.session.patient.id,
    ]);
    await expect(carmen.adapter.answerProxyInvitation!(token, 'accept')).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await server.db.query("SELECT 1 FROM proxy_grants WHERE granted_by = 'invitation'")).toEqual([]);
    await server.db.query("UPDATE proxy_invitations SET state = 'withdrawn'");
    // Ana made a minor by her date of birth: 403.
    await server.db.query("UPDATE patients SET date_of_birth = '2015-01-01' WHERE email_key = $1", [
      DEMO_PATIENT_EMAIL,
    ]);
    await expect(
      ana.adapter.inviteProxy!({email: 'x@example.com', scope: 'full', relationship: 'other'}),
    ).rejects.toMatchObject({code: 'forbidden'});
    expect(await server.db.query("SELECT 1 FROM proxy_invitations WHERE state = 'pending'")).toEqual([]);
  });
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
