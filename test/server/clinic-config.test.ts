/**
 * The clinic configuration file (server/clinic-config.schema.yaml) and the clinic's commands:
 * checking, loading a configuration the server then serves, and inviting a patient.
 */
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {checkClinicConfig, storeClinicConfig, type ClinicConfig} from '../../server/clinic-config.js';
import {openDb, type Db} from '../../server/db.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch} from './helpers.js';

vi.setConfig({testTimeout: 60_000});

const example = (): ClinicConfig =>
  JSON.parse(
    readFileSync(new URL('../../server/examples/clinic.demo.json', import.meta.url), 'utf8'),
  ) as ClinicConfig;

describe('checking a clinic configuration', () => {
  it('accepts the documented example (the demo clinic)', () => {
    expect(checkClinicConfig(example())).toEqual([]);
  });

  it('names every problem with its path', () => {
    const c = example() as unknown as {
      clinic: {timeZone: string};
      catalog: {services: {providerIds: string[]; categoryId: string}[]};
      schedules: {weekly: Record<string, {start: string; end: string}[]>}[];
      stepMinutes?: number;
    };
    c.clinic.timeZone = 'America/Atlantis';
    c.catalog.services[0].providerIds.push('prov-nobody');
    c.catalog.services[1].categoryId = 'cat-none';
    c.schedules[0].weekly['1'] = [{start: '14:00', end: '09:00'}];
    expect(checkClinicConfig(c)).toEqual(
      expect.arrayContaining([
        'clinic.timeZone: unknown time zone America/Atlantis',
        'catalog.services.0.providerIds: no provider prov-nobody',
        'catalog.services.1.categoryId: no category cat-none',
        'schedules.0.weekly.1.0: ends before it starts',
      ]),
    );
    delete c.stepMinutes;
    expect(checkClinicConfig(c)[0]).toMatch(/^stepMinutes: required/);
    expect(checkClinicConfig({...example(), extra: 1})[0]).toMatch(/^extra: additionalProperties/);
  });

  it('checks the invoice profile (billing): the RFC of a Mexican clinic, tax ids, rates', () => {
    const c = example();
    const billing = c.billing!;
    expect(checkClinicConfig({...c, billing: {...billing, taxId: 'NOT-AN-RFC'}})).toEqual([
      'billing.taxId: not a valid tax id for MX',
    ]);
    expect(
      checkClinicConfig({...c, billing: {...billing, taxes: [...billing.taxes, ...billing.taxes]}}),
    ).toEqual(['billing.taxes: duplicate id iva']);
    const rate = {...billing, taxes: [{id: 'iva', label: 'IVA', basisPoints: 10001}]};
    expect(checkClinicConfig({...c, billing: rate})[0]).toMatch(/^billing\.taxes\.0\.basisPoints: maximum/);
  });
});

describe('a loaded configuration, served', () => {
  let db: Db;
  let server: RunningServer;
  const now = Date.parse('2026-03-10T16:00:00Z');

  beforeAll(async () => {
    db = await openDb();
    const config = example();
    const mutable = config as unknown as {
      clinic: {name: string};
      catalog: {providers: {id: string; name: string}[]; services: {id: string; providerIds: string[]}[]};
      schedules: {providerId: string}[];
    };
    mutable.clinic.name = 'Clínica Norte de Prueba';
    mutable.catalog.providers.push({...mutable.catalog.providers[0], id: 'prov-nueva', name: 'Dra. Nueva'});
    mutable.catalog.services.find((s) => s.id === 'svc-general')?.providerIds.push('prov-nueva');
    mutable.schedules.push({...mutable.schedules[0], providerId: 'prov-nueva'});
    expect(checkClinicConfig(config)).toEqual([]);
    await db.transaction((q) => storeClinicConfig(q, config));
    server = await startServer({db, clock: () => now, linkBase: 'https://norte.example/portal'});
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('serves the clinic, providers and schedules from the file', async () => {
    const a = new RestAdapter({baseUrl: server.url});
    expect((await a.getClinic()).name).toBe('Clínica Norte de Prueba');
    expect((await a.getCatalog()).providers.map((p) => p.id)).toContain('prov-nueva');
    const {slots} = await a.getAvailability({
      serviceIds: ['svc-general'],
      providerId: 'prov-nueva',
      from: new Date(now).toISOString(),
      to: new Date(now + 7 * 86_400_000).toISOString(),
    });
    expect(slots.length).toBeGreaterThan(0);
    // A configured clinic has no demo patients.
    expect(await db.query('SELECT id FROM patients')).toEqual([]);
  });

  it('invites a patient: the email’s link creates the account, once; a second invitation for an account is refused', async () => {
    const id = await server.portal.invite({
      email: 'paciente.nueva@example.com',
      givenName: 'Lucía',
      familyName: 'Ñúñez',
      dateOfBirth: '1992-07-15',
      language: 'es',
    });
    expect(id).toMatch(/^pat_/);
    const mail = (await server.portal.outbox()).find((m) => m.kind === 'invitation');
    expect(mail?.to).toBe('paciente.nueva@example.com');
    const link = new URL(mail?.links['create-account'] ?? '');
    expect(link.origin).toBe('https://norte.example');
    const token = new URLSearchParams(link.hash.slice(1)).get('portal-invitation') ?? '';
    const checked = checkedFetch(server.url);
    const a = new RestAdapter({baseUrl: server.url, fetch: checked.fetch});
    expect(await a.getInvitation(token)).toEqual({givenName: 'Lucía', maskedEmail: 'p•••@example.com'});
    const session = await a.acceptInvitation(token, 'Un paseo por Chapultepec 2026');
    expect(session).toMatchObject({
      method: 'invitation',
      patient: {id, givenName: 'Lucía', familyName: 'Ñúñez'},
    });
    await expect(
      server.portal.invite({
        email: 'PACIENTE.nueva@example.com',
        givenName: 'Lucía',
        familyName: 'Ñúñez',
        dateOfBirth: '1992-07-15',
        language: 'es',
      }),
    ).rejects.toMatchObject({fields: {email: 'duplicate'}});
    expect(checked.violations).toEqual([]);
  });
});
