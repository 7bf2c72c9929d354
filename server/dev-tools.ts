/**
 * Development tools for the demo (`npm start`): a development outbox and a switch that runs the
 * reminder pass now. **Never on by default**: `createPortalServer({devTools: true})`, which
 * `npm start` and `PORTAL_DEV_OUTBOX=1 npm run server` ask for. They are not part of the REST
 * contract (`server/openapi.yaml`) and live beside it, under {@link DEV_TOOLS_PATH}:
 *
 * - `GET /portal-dev/outbox?after=<seq>`: every message the server wrote to its `outbox` table
 *   (email, SMS, voice: recipient, subject, text, links, code) after `seq`, oldest first. Nothing
 *   identifying travels in the URL: only a sequence number.
 * - `POST /portal-dev/reminders` (with any non-empty `X-CSRF-Token`, so another site's page cannot
 *   trigger it): the reminder pass the scheduler runs every minute, now; then a delivery run.
 * - `GET /portal-dev/demo-patient`: the seeded patient's sign-in (the demo clinic's published
 *   `ana@demo.clinic` / `demo-portal-2026`) for the demo page's "Sign in as the demo patient".
 *
 * They answer only callers on the loopback interface (the outbox holds single-use tokens), and
 * log nothing.
 */
import {getConnInfo} from '@hono/node-server/conninfo';
import {Hono, type Context} from 'hono';
import type {OutboxMessage} from '../src/domain/types.js';
import type {Dispatcher} from './delivery.js';
import type {Portal} from './portal.js';
import {toOutboxMessage, type OutboxRow as Row} from './repositories/outbox.js';

/** Where the development tools are served (beside the API's base path, never inside it). */
export const DEV_TOOLS_PATH = '/portal-dev';

/** At most this many messages per answer; the page asks again with the last `seq`. */
const PAGE = 200;

/** A message of the development outbox: the outbox message plus its order and delivery. */
export interface DevOutboxMessage extends OutboxMessage {
  readonly seq: number;
  /** Handed to a transport (SMTP, an SMS or voice provider); false while only in the table. */
  readonly delivered: boolean;
}

function loopback(c: Context): boolean {
  let address: string | undefined;
  try {
    address = getConnInfo(c).remote.address;
  } catch {
    return false;
  }
  return (
    address !== undefined &&
    (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'))
  );
}

export function createDevTools({portal, dispatcher}: {portal: Portal; dispatcher: Dispatcher}): Hono {
  const app = new Hono().basePath(DEV_TOOLS_PATH);
  const problem = (c: Context, status: 403 | 404 | 422, code: string) =>
    c.json({type: `urn:portal:problem:${code}`, title: code, status, code}, status, {
      'Content-Type': 'application/problem+json',
    });

  app.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    if (!loopback(c)) return problem(c, 403, 'forbidden');
    await next();
  });

  app.get('/outbox', async (c) => {
    const raw = c.req.query('after') ?? '0';
    if (!/^\d{1,15}$/.test(raw)) return problem(c, 422, 'validation');
    const rows = await portal.db.query<Row>('SELECT * FROM outbox WHERE seq > $1 ORDER BY seq LIMIT $2', [
      Number(raw),
      PAGE,
    ]);
    const messages: DevOutboxMessage[] = rows.map((r) => ({
      seq: Number(r.seq),
      ...toOutboxMessage(r),
      delivered: r.delivered_at !== null,
    }));
    return c.json({messages, last: messages.at(-1)?.seq ?? Number(raw)});
  });

  app.post('/reminders', async (c) => {
    if (!c.req.header('X-CSRF-Token')) return problem(c, 403, 'csrf');
    const sent = await portal.sendDueReminders();
    await dispatcher.deliver();
    return c.json({sent});
  });

  app.get('/demo-patient', (c) => {
    const patient = portal.data.patients?.find((p) => p.password !== undefined && !p.invite);
    return c.json(
      patient ? {patientEmail: patient.email, patientPassword: patient.password} : {patientEmail: null},
    );
  });

  app.notFound((c) => problem(c, 404, 'not-found'));
  return app;
}
