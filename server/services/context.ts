/**
 * What every service works with: the database, the clinic's data, the server's clock (tests move
 * it), the secret for codes and cursors, and the server's options (session idle time, link base,
 * second factor, payments, holds). One object per server, shared by the services and the `Portal`
 * façade (assigning `portal.clock` changes this object's clock), so no service keeps state of its
 * own.
 */
import {toZonedInstantString} from '../../src/domain/time.js';
import type {ServerClinicData} from '../clinic-config.js';
import type {Db} from '../db.js';
import type {DocumentFiles} from '../document-files.js';
import {databaseLimits, noLimits, type Limits} from '../limits.js';
import {paymentProviderFor, type ServerPaymentProvider} from '../payment-provider.js';
import type {StripeOptions} from '../stripe.js';
import {token} from '../tokens.js';

export interface PortalOptions {
  readonly db: Db;
  /** The clinic (the demo clinic's data module by default), with its message texts if any. */
  readonly data: ServerClinicData;
  /** The server's clock, epoch ms (tests move it). */
  readonly clock?: () => number;
  /** Secret for cursors; random by default. */
  readonly secret?: string;
  readonly sessionIdleMinutes?: number;
  /** Base URL of the clinic's portal page, for links in messages. */
  readonly linkBase?: string;
  /** A second sign-in factor: a 6-digit code by email, or by SMS to the patient's phone. */
  readonly secondFactor?: false | 'email' | 'sms';
  /**
   * Deposits: `demo` (the default) takes them with the demo payment provider's test cards when the
   * clinic has a deposit policy; `stripe` takes them through Stripe (`stripe` settings needed);
   * `false` takes none (no deposit is asked for at booking).
   */
  readonly payments?: false | 'demo' | 'stripe';
  /** Stripe's keys and API base, for `payments: 'stripe'` (`server/stripe.ts`). */
  readonly stripe?: StripeOptions;
  /**
   * Holds (default on): the slot is held while the patient types their details, so a rival learns
   * it is taken when choosing the time. Off: nothing is held, and a rival learns it at booking.
   */
  readonly holds?: boolean;
  /**
   * Countries (ISO 3166-1 alpha-2) SMS codes may be sent to. Default: the clinic's country and its
   * neighbours (`server/sms-countries.ts`).
   */
  readonly smsCountries?: readonly string[];
  /** SMS the server sends per hour, all numbers together (default `ABUSE_LIMITS.smsPerHour`). */
  readonly smsHourlyBudget?: number;
  /** Rate limits and lockouts (default on; off only for benchmarks and tests that flood on purpose). */
  readonly rateLimits?: boolean;
  /**
   * Documents' bytes in encrypted files (`openDocumentFiles`: `PORTAL_DOCUMENTS_DIR` and
   * `PORTAL_DOCUMENTS_KEY`); absent: in the database (`documents.content`), the default.
   */
  readonly documentFiles?: DocumentFiles;
}

export interface PortalContext {
  readonly db: Db;
  readonly data: ServerClinicData;
  /** The server's clock, epoch ms. Assignable (tests move it). */
  clock: () => number;
  readonly secret: string;
  readonly idleMs: number;
  readonly linkBase: string;
  readonly secondFactor: false | 'email' | 'sms';
  /** Payments as configured (whether deposits are asked for also depends on the clinic: `payments()`). */
  readonly paymentsOption: false | 'demo' | 'stripe';
  /** The payment provider for that option (`server/payment-provider.ts`); none when payments are off. */
  readonly paymentProvider?: ServerPaymentProvider;
  readonly holds: boolean;
  /** Rate limits and lockouts, in the database (shared by every process on it). */
  readonly limits: Limits;
  readonly smsCountries?: readonly string[];
  readonly smsHourlyBudget?: number;
  /** Where new documents' bytes go: encrypted files, or (absent) the database. */
  readonly documentFiles?: DocumentFiles;
}

/** Who is calling: the session's token (from the cookie, or the `Authorization: Bearer` header), if any. */
export interface CallContext {
  readonly sessionToken?: string;
  /** The token came as a bearer token (it must name a bearer session, never a cookie one). */
  readonly bearer?: boolean;
  /** The caller's address (the socket's, or the trusted proxies' word), for rate limits and the audit log. */
  readonly address?: string;
  /**
   * The person the signed-in holder acts for (`Portal-Acting-For`, family members #21): the
   * services then serve that patient, once her live grant is read from the database.
   */
  readonly actingFor?: string;
}

export function createContext(options: PortalOptions): PortalContext {
  const context: PortalContext = {
    db: options.db,
    data: options.data,
    clock: options.clock ?? Date.now,
    secret: options.secret ?? token(),
    idleMs: (options.sessionIdleMinutes ?? 15) * 60_000,
    linkBase: options.linkBase ?? 'https://demo.clinic.example/portal',
    secondFactor: options.secondFactor ?? false,
    paymentsOption: options.payments ?? 'demo',
    paymentProvider: paymentProviderFor(options.payments ?? 'demo', options.stripe),
    holds: options.holds ?? true,
    // The limits follow the context's clock (tests move it).
    limits: options.rateLimits === false ? noLimits : databaseLimits(options.db, () => context.clock()),
    smsCountries: options.smsCountries,
    smsHourlyBudget: options.smsHourlyBudget,
    documentFiles: options.documentFiles,
  };
  return context;
}

/** An instant (epoch ms) as RFC 3339 with the clinic's offset. */
export function instant(s: PortalContext, ms: number): string {
  return toZonedInstantString(ms, s.data.clinic.timeZone);
}

/** The patient's language as messages use it (Spanish unless English). */
export const languageOf = (p: {language: string}): 'en' | 'es' => (p.language === 'en' ? 'en' : 'es');

/** Database numbers (bigint columns may come back as strings) as numbers. */
export const num = (v: unknown): number => Number(v);
