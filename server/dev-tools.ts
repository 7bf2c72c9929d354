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
 *   `ana@demo.clinic` / `demo-portal-2026`, and her date of birth) for the demo page's "Sign in as
 *   the demo patient" and for the contract suite.
 * - `POST /portal-dev/clock` (`X-CSRF-Token` as above), body `{"now": <epoch ms>}` (the clock
 *   stops there), `{"advanceBy": <ms>}` (moves a stopped clock on) or `{"now": null}` (real time
 *   again): the server's clock, which every service follows. Answers `{now}` (epoch ms).
 * - `POST /portal-dev/conversations/{id}/reply` (`X-CSRF-Token` as above; optional `attachments`:
 *   `[{"fileName", "content": base64}]`, checked as a patient's files), body `{"body": "…",
 *   "name": "…", "title": "…"}`: the clinic answers a patient's conversation (#21; the demo's
 *   and the contract suite's staff side, as `npm run server:reply`); then a delivery run.
 * - `POST /portal-dev/appointments/{id}/no-show` (`X-CSRF-Token` as above): the clinic marks a
 *   visit a no-show (as `npm run server:no-show`); then a delivery run.
 * - `POST /portal-dev/patients/{id}/documents` (`X-CSRF-Token` as above), body `{"folder",
 *   "fileName", "author"?, "content": base64}`: the clinic adds a document for a patient (#19, as
 *   `npm run server:add-document`), checked by the same rule; answers `{id}`; then a delivery run
 *   (the patient's "new document" email).
 * - `POST /portal-dev/proxy-grants` (`X-CSRF-Token` as above), body `{"holderId", "dependentId",
 *   "scope": "full" | "appointments", "relationship"}` or `{"holderId", "dependentId", "revoke":
 *   true}`: the clinic grants, changes or revokes a holder's access to a dependent's record
 *   (family members, #21, as `npm run server:grant`); 204.
 * - `POST /portal-dev/reset` (`X-CSRF-Token` as above): empties every table and seeds the clinic
 *   again as of the clock now, rate limits cleared (what the contract suite does before each test).
 *
 * The contract suite (`PORTAL_CONTRACT_URL=… npm run test:contract`) uses exactly these; they are
 * documented in `server/openapi.yaml` under the tag `development`, for testing only.
 *
 * They answer only callers on the loopback interface (the outbox holds single-use tokens), and
 * log nothing.
 */
import {getConnInfo} from '@hono/node-server/conninfo';
import {Hono, type Context} from 'hono';
import type {ResponseBody} from '../src/adapters/rest/wire.js';
import {NotFoundError, ValidationError} from '../src/domain/errors.js';
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

export function createDevTools({
  portal,
  dispatcher,
  reset,
}: {
  portal: Portal;
  dispatcher: Dispatcher;
  /** Empties every table and seeds the clinic again (`PortalServer.reset`). */
  reset: () => Promise<void>;
}): Hono {
  const app = new Hono().basePath(DEV_TOOLS_PATH);
  const problem = (
    c: Context,
    status: 403 | 404 | 422,
    code: string,
    errors?: Readonly<Record<string, string>>,
  ) =>
    c.json(
      {type: `urn:portal:problem:${code}`, title: code, status, code, ...(errors ? {errors} : {})},
      status,
      {
        'Content-Type': 'application/problem+json',
      },
    );

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
    return c.json({messages, last: messages.at(-1)?.seq ?? Number(raw)} satisfies ResponseBody<'devOutbox'>);
  });

  // Writes need the custom header (any value): a page on another site cannot send it without a
  // CORS preflight, which these routes never allow.
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && !c.req.header('X-CSRF-Token')) return problem(c, 403, 'csrf');
    await next();
  });

  app.post('/reminders', async (c) => {
    const sent = await portal.sendDueReminders();
    await dispatcher.deliver();
    return c.json({sent} satisfies ResponseBody<'devSendReminders'>);
  });

  app.get('/demo-patient', (c) => {
    const patient = portal.data.patients?.find((p) => p.password !== undefined && !p.invite);
    return c.json(
      patient
        ? {
            patientEmail: patient.email,
            patientPassword: patient.password,
            patientDateOfBirth: patient.dateOfBirth,
          }
        : {patientEmail: null},
    );
  });

  /** The clock as started (real time, or the one the server was given), for `{"now": null}`. */
  const startClock = portal.clock;
  let stopped: number | undefined;
  app.post('/clock', async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as
      {now?: unknown; advanceBy?: unknown} | undefined;
    const ms = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
    if (body?.now === null) {
      stopped = undefined;
      portal.clock = startClock;
    } else if (ms(body?.now)) {
      stopped = body.now;
    } else if (ms(body?.advanceBy) && stopped !== undefined) {
      stopped += body.advanceBy;
    } else return problem(c, 422, 'validation');
    if (stopped !== undefined) {
      const at = stopped;
      portal.clock = () => at;
    }
    return c.json({now: portal.clock()} satisfies ResponseBody<'devSetClock'>);
  });

  app.post('/conversations/:conversationId/reply', async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as
      {body?: unknown; name?: unknown; title?: unknown; attachments?: unknown} | undefined;
    const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
    try {
      const message = await portal.replyAsClinic(c.req.param('conversationId'), body?.body as string, {
        name: text(body?.name) ?? portal.data.clinic.name,
        ...(text(body?.title) ? {title: text(body?.title)!} : {}),
        ...(body?.attachments !== undefined ? {attachments: body.attachments} : {}),
      });
      await dispatcher.deliver();
      return c.json(message, 201);
    } catch (e) {
      if (e instanceof NotFoundError) return problem(c, 404, 'not-found');
      if (e instanceof ValidationError) return problem(c, 422, 'validation');
      throw e;
    }
  });

  app.post('/appointments/:appointmentId/no-show', async (c) => {
    try {
      const appointment = await portal.markNoShow(c.req.param('appointmentId'));
      await dispatcher.deliver();
      return c.json(appointment, 200);
    } catch (e) {
      if (e instanceof NotFoundError) return problem(c, 404, 'not-found');
      if (e instanceof ValidationError) return problem(c, 422, 'validation', e.fields);
      throw e;
    }
  });

  app.post('/proxy-grants', async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as
      | {holderId?: unknown; dependentId?: unknown; scope?: unknown; relationship?: unknown; revoke?: unknown}
      | undefined;
    if (!body || typeof body.holderId !== 'string' || typeof body.dependentId !== 'string')
      return problem(c, 422, 'validation');
    try {
      await portal.setProxyGrant(
        body.holderId,
        body.dependentId,
        body.revoke === true
          ? 'revoke'
          : ({scope: body.scope, relationship: body.relationship} as Parameters<Portal['setProxyGrant']>[2]),
      );
      return c.body(null, 204);
    } catch (e) {
      if (e instanceof NotFoundError) return problem(c, 404, 'not-found');
      if (e instanceof ValidationError) return problem(c, 422, 'validation', e.fields);
      throw e;
    }
  });

  app.post('/patients/:patientId/documents', async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as
      {folder?: unknown; fileName?: unknown; author?: unknown; content?: unknown} | undefined;
    const content =
      typeof body?.content === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(body.content)
        ? new Uint8Array(Buffer.from(body.content, 'base64'))
        : undefined;
    if (!body || !content) return problem(c, 422, 'validation');
    try {
      const id = await portal.addClinicDocument(c.req.param('patientId'), {
        folder: body.folder as string,
        fileName: body.fileName as string,
        content,
        ...(typeof body.author === 'string' ? {author: body.author} : {}),
      });
      await dispatcher.deliver();
      return c.json({id}, 201);
    } catch (e) {
      if (e instanceof NotFoundError) return problem(c, 404, 'not-found');
      if (e instanceof ValidationError) return problem(c, 422, 'validation', e.fields);
      throw e;
    }
  });

  app.post('/reset', async (c) => {
    await reset();
    return c.body(null, 204);
  });

  app.notFound((c) => problem(c, 404, 'not-found'));
  return app;
}
