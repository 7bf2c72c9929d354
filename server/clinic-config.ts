/**
 * The clinic configuration file: reading, checking and storing it. Its format is
 * `server/clinic-config.schema.yaml` (JSON Schema, reusing the REST contract's schemas for the
 * clinic, catalog and reasons); beyond the schema, the references between its parts are checked
 * here (every provider, category and location named exists, schedules are well ordered, the time
 * zone is real) so a mistake is reported with its path instead of surfacing as odd availability.
 */
import {readFileSync} from 'node:fs';
import {parse} from 'yaml';
import type {SeededClinicData} from '../src/domain/rules/clinic-data.js';
import {checkTaxId} from '../src/domain/rules/billing.js';
import type {Queryable} from './db.js';
import {MESSAGE_KINDS, MESSAGE_PLACEHOLDERS, unknownPlaceholders, type ClinicMessages} from './messages.js';
import {portalContract} from './openapi.js';

/** The data a Portal serves: the clinic's (as the in-memory demo clinic's), and its message texts. */
export type ServerClinicData = SeededClinicData & {
  /** The clinic's own message texts (`messages` in the configuration file). */
  readonly messages?: ClinicMessages;
};

/** What a clinic configures: the serialisable part of the data a Portal serves. */
export type ClinicConfig = Omit<ServerClinicData, 'patients' | 'appointments'>;

export const CLINIC_CONFIG_SCHEMA = new URL('./clinic-config.schema.yaml', import.meta.url);

const minutes = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** Problems with a configuration, each `path: what` (empty: it is fine). */
export function checkClinicConfig(value: unknown): string[] {
  const schema = parse(readFileSync(CLINIC_CONFIG_SCHEMA, 'utf8')) as Record<string, unknown>;
  const issues = portalContract().validateSchema(schema, value);
  if (issues.length > 0) return issues.map((i) => `${i.where}: ${i.message}`);
  const c = value as ClinicConfig;
  const problems: string[] = [];
  try {
    new Intl.DateTimeFormat('en', {timeZone: c.clinic.timeZone});
  } catch {
    problems.push(`clinic.timeZone: unknown time zone ${c.clinic.timeZone}`);
  }
  const providers = new Set(c.catalog.providers.map((p) => p.id));
  const categories = new Set(c.catalog.categories.map((x) => x.id));
  const locations = new Set(c.clinic.locations.map((l) => l.id));
  const unique = (ids: string[], path: string) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`${path}: duplicate id ${id}`);
      seen.add(id);
    }
  };
  unique(
    c.catalog.providers.map((p) => p.id),
    'catalog.providers',
  );
  unique(
    c.catalog.services.map((p) => p.id),
    'catalog.services',
  );
  unique(
    c.catalog.categories.map((p) => p.id),
    'catalog.categories',
  );
  c.catalog.services.forEach((s, i) => {
    if (!categories.has(s.categoryId))
      problems.push(`catalog.services.${i}.categoryId: no category ${s.categoryId}`);
    for (const p of s.providerIds)
      if (!providers.has(p)) problems.push(`catalog.services.${i}.providerIds: no provider ${p}`);
    for (const p of Object.keys(s.providerTerms ?? {}))
      if (!s.providerIds.includes(p))
        problems.push(`catalog.services.${i}.providerTerms.${p}: not one of its providers`);
    for (const l of s.locationIds)
      if (!locations.has(l)) problems.push(`catalog.services.${i}.locationIds: no location ${l}`);
  });
  c.catalog.providers.forEach((p, i) => {
    for (const l of p.locationIds)
      if (!locations.has(l)) problems.push(`catalog.providers.${i}.locationIds: no location ${l}`);
  });
  c.schedules.forEach((s, i) => {
    if (!providers.has(s.providerId)) problems.push(`schedules.${i}.providerId: no provider ${s.providerId}`);
    const days = [
      ...Object.entries(s.weekly).map(([d, list]) => [`weekly.${d}`, list] as const),
      ...Object.entries(s.exceptions ?? {}).map(([d, list]) => [`exceptions.${d}`, list] as const),
    ];
    for (const [where, list] of days) {
      let last = -1;
      (list ?? []).forEach((iv, k) => {
        const start = minutes(iv.start);
        const end = iv.end === '24:00' ? 1440 : minutes(iv.end);
        if (end <= start) problems.push(`schedules.${i}.${where}.${k}: ends before it starts`);
        if (start < last) problems.push(`schedules.${i}.${where}.${k}: overlaps the interval before`);
        if (iv.locationId !== undefined && !locations.has(iv.locationId))
          problems.push(`schedules.${i}.${where}.${k}.locationId: no location ${iv.locationId}`);
        last = end;
      });
    }
  });
  unique(
    c.schedules.map((s) => s.providerId),
    'schedules (one per provider)',
  );
  for (const id of Object.keys(c.visitForms ?? {}))
    if (!c.catalog.services.some((s) => s.id === id)) problems.push(`visitForms.${id}: no such service`);
  for (const kind of MESSAGE_KINDS)
    for (const [lang, texts] of Object.entries(c.messages?.[kind] ?? {}))
      for (const [field, text] of Object.entries(texts ?? {}))
        for (const name of unknownPlaceholders(kind, String(text)))
          problems.push(
            `messages.${kind}.${lang}.${field}: unknown placeholder {{${name}}} (${kind} offers ${MESSAGE_PLACEHOLDERS[
              kind
            ]
              .map((p) => `{{${p}}}`)
              .join(' ')})`,
          );
  if (c.billing?.taxId !== undefined) {
    try {
      checkTaxId(c.billing.country, c.billing.taxId);
    } catch {
      problems.push(`billing.taxId: not a valid tax id for ${c.billing.country}`);
    }
  }
  unique(
    (c.billing?.taxes ?? []).map((t) => t.id),
    'billing.taxes',
  );
  const tele = c.clinic.telehealth;
  if (c.videoRoomBase && tele && !tele.allowedHosts.includes(new URL(c.videoRoomBase).hostname))
    problems.push('videoRoomBase: its host is not in clinic.telehealth.allowedHosts');
  return problems;
}

/** Reads a configuration file (JSON or YAML). Throws with every problem found. */
export function readClinicConfig(path: string): ClinicConfig {
  const value = parse(readFileSync(path, 'utf8')) as unknown;
  const problems = checkClinicConfig(value);
  if (problems.length > 0) throw new Error(`invalid clinic configuration:\n  ${problems.join('\n  ')}`);
  return value as ClinicConfig;
}

/** Stores the configuration the server serves (it takes effect when the server starts). */
export async function storeClinicConfig(q: Queryable, config: ClinicConfig): Promise<void> {
  await q.query(
    'INSERT INTO clinic_config (id, data) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data',
    [JSON.stringify(config)],
  );
  for (const p of config.catalog.providers)
    await q.query('INSERT INTO provider_calendars (provider_id) VALUES ($1) ON CONFLICT DO NOTHING', [p.id]);
}

/** The stored configuration, if one was loaded. */
export async function loadStoredClinicConfig(q: Queryable): Promise<ClinicConfig | undefined> {
  const [row] = await q.query<{data: ClinicConfig}>('SELECT data FROM clinic_config WHERE id = 1');
  return row && row.data.schedules ? row.data : undefined;
}

/** The serialisable part of clinic data (e.g. the demo clinic's), as a configuration file holds it. */
export function toClinicConfig(data: ServerClinicData): ClinicConfig {
  const {patients: _p, appointments: _a, ...config} = data;
  return JSON.parse(JSON.stringify(config)) as ClinicConfig;
}
