/**
 * The contract suite's harness for any server implementing `server/openapi.yaml`, by URL only:
 * the RestAdapter speaks HTTP to `apiUrl`, and the test controls go through the development
 * endpoints (`devUrl`, the tag `development` of the document; testing only, never in production):
 *
 * - `POST {devUrl}/reset`: the data back to the demo seed (before every test);
 * - `POST {devUrl}/clock` `{now}` / `{advanceBy}`: the server's clock, stopped where the test puts it;
 * - `GET {devUrl}/outbox?after=<seq>`: every message the server "sent";
 * - `POST {devUrl}/reminders`: the reminder pass, now;
 * - `GET {devUrl}/demo-patient`: the seeded patient with an account (email, password, date of birth).
 *
 * Deposits are paid through the API's own demo payment step when the server's `payments`
 * capability is `demo`; otherwise those tests are skipped (with a note). Nothing in-process: this
 * is what `PORTAL_CONTRACT_URL=… npm run test:contract` runs.
 */
import {DEMO_CARD_SUCCESS} from '../../src/adapters/memory/index.js';
import {RestAdapter, type RestAuthMode} from '../../src/adapters/rest/index.js';
import type {Appointment, OutboxMessage, PlainDate} from '../../src/domain/types.js';
import {NotFoundError, ValidationError, type FieldErrorCode} from '../../src/domain/errors.js';
import type {AdapterHarness} from './harness.js';

export interface UrlHarnessOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:8787/portal-api`. */
  readonly apiUrl: string;
  /** The development endpoints' base URL (default: `/portal-dev` on the API's origin). */
  readonly devUrl?: string;
  /** How the adapter carries the session (default `cookie`). */
  readonly auth?: RestAuthMode;
  /** The clock at the start of every test (epoch ms). */
  readonly startAt: number;
  /** A fetch that checks or records requests (default: the global one). */
  readonly fetch?: typeof fetch;
}

/** The development endpoints' base URL for an API URL: `/portal-dev` on its origin. */
export const defaultDevUrl = (apiUrl: string): string => `${new URL(apiUrl).origin}/portal-dev`;

interface DevMessage extends OutboxMessage {
  readonly seq: number;
  readonly delivered?: boolean;
}

/** A development endpoint's answer, or an error naming what the server must offer. */
async function dev<T>(
  devUrl: string,
  path: string,
  init: RequestInit = {},
  staff = false,
): Promise<T | undefined> {
  const headers = new Headers(init.headers);
  if (init.method && init.method !== 'GET') headers.set('X-CSRF-Token', 'contract-suite');
  if (init.body !== undefined) headers.set('Content-Type', 'application/json');
  const response = await fetch(`${devUrl}${path}`, {...init, headers});
  // The clinic's side refusing (an unknown id, a rule's refusal): the errors the adapters throw.
  if (response.status === 404 && staff) throw new NotFoundError();
  if (response.status === 422 && staff) {
    const problem = (await response.json().catch(() => ({}))) as {errors?: Record<string, FieldErrorCode>};
    throw new ValidationError(problem.errors ?? {});
  }
  if (!response.ok)
    throw new Error(
      `${init.method ?? 'GET'} ${devUrl}${path} answered ${response.status}: the contract suite needs the ` +
        'development endpoints (server/openapi.yaml, tag `development`) on a test instance',
    );
  return response.status === 204 ? undefined : ((await response.json()) as T);
}

/** A harness for the next test: data reset to the seed, the clock stopped at `startAt`. */
export async function urlHarness(options: UrlHarnessOptions): Promise<AdapterHarness> {
  const apiUrl = options.apiUrl.replace(/\/+$/, '');
  const devUrl = (options.devUrl ?? defaultDevUrl(apiUrl)).replace(/\/+$/, '');
  const post = (path: string, body?: unknown, staff = false) =>
    dev<unknown>(
      devUrl,
      path,
      {method: 'POST', ...(body === undefined ? {} : {body: JSON.stringify(body)})},
      staff,
    );
  await post('/clock', {now: options.startAt});
  await post('/reset');
  const patient = await dev<{
    patientEmail: string | null;
    patientPassword?: string;
    patientDateOfBirth?: string;
  }>(devUrl, '/demo-patient');
  if (!patient?.patientEmail || !patient.patientPassword || !patient.patientDateOfBirth)
    throw new Error(`${devUrl}/demo-patient names no seeded patient with an account (demo data needed)`);
  const adapter = new RestAdapter({
    baseUrl: apiUrl,
    retryBaseMs: 20,
    auth: options.auth ?? 'cookie',
    ...(options.fetch ? {fetch: options.fetch} : {}),
  });
  const payments = (await adapter.getCapabilities()).payments;
  return {
    adapter,
    async outbox() {
      const all: OutboxMessage[] = [];
      for (let after = 0; ;) {
        const page = await dev<{messages: DevMessage[]; last: number}>(devUrl, `/outbox?after=${after}`);
        if (!page || page.messages.length === 0) return all;
        for (const {seq: _seq, delivered: _delivered, ...message} of page.messages) all.push(message);
        after = page.last;
      }
    },
    setNow: async (ms) => {
      await post('/clock', {now: ms});
    },
    advance: async (ms) => {
      await post('/clock', {advanceBy: ms});
    },
    runReminders: async () => {
      await post('/reminders');
    },
    // The clinic's side, through the development endpoints.
    replyAsClinic: async (conversationId, body, attachments) => {
      await post(
        `/conversations/${encodeURIComponent(conversationId)}/reply`,
        {
          body,
          ...(attachments
            ? {
                attachments: attachments.map((f) => ({
                  fileName: f.fileName,
                  content: Buffer.from(f.content).toString('base64'),
                })),
              }
            : {}),
        },
        true,
      );
    },
    setProxyGrant: async (holderId, dependentId, grant) => {
      await post(
        '/proxy-grants',
        grant === 'revoke' ? {holderId, dependentId, revoke: true} : {holderId, dependentId, ...grant},
        true,
      );
    },
    markNoShow: async (appointmentId) =>
      (await post(
        `/appointments/${encodeURIComponent(appointmentId)}/no-show`,
        undefined,
        true,
      )) as Appointment,
    addClinicDocument: async (patientId, doc) =>
      (
        (await post(
          `/patients/${encodeURIComponent(patientId)}/documents`,
          {
            folder: doc.folder,
            fileName: doc.fileName,
            content: Buffer.from(doc.content).toString('base64'),
            ...(doc.author ? {author: doc.author} : {}),
          },
          true,
        )) as {id: string}
      ).id,
    ...(payments === 'demo'
      ? {payDeposit: (intent) => adapter.confirmDemoPayment(intent.id, DEMO_CARD_SUCCESS)}
      : {}),
    knownPatient: {
      email: patient.patientEmail,
      password: patient.patientPassword,
      dateOfBirth: patient.patientDateOfBirth as PlainDate,
    },
    close: async () => undefined,
  };
}
