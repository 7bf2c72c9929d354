/**
 * Delivery of what the server sends: the dispatcher claims undelivered rows of the outbox table
 * (written in the same transaction as the change they report), hands each to the transport of
 * its channel — email over SMTP (nodemailer), SMS and voice through provider interfaces — and
 * marks it delivered. A row is claimed with a lease, so two dispatchers (or a restart) never send
 * a message twice while it is being sent, and a failed send is tried again later (at most 5 times).
 *
 * Nothing here logs a recipient or a message body, and nothing keeps one longer than it must
 * (issue 14 item 11): a delivered message's recipient, subject, text, links and code are wiped at
 * once, and any message's after {@link OUTBOX_RETENTION_MS} (one never delivered: no transport, or
 * every attempt failed); what stays is its kind, channel, language and times. With the development
 * outbox on (`keepDelivered`), delivered messages stay readable there until the same age.
 */
import {createTransport, type Transporter} from 'nodemailer';
import type {OutboxMessage} from '../src/domain/types.js';
import type {Db} from './db.js';
import {toOutboxMessage, type OutboxRow as Row} from './repositories/outbox.js';

/** Sends one message on one channel; throws if it could not. */
export interface Transport {
  send(message: OutboxMessage): Promise<void>;
}

export interface DeliveryOptions {
  /** `smtp://user:pass@host:port` (or `smtps://…`); absent: email stays in the outbox only. */
  readonly smtpUrl?: string;
  /** The From of emails, e.g. `"Clínica Demo" <citas@clinic.example>`. */
  readonly mailFrom?: string;
  readonly sms?: Transport;
  readonly voice?: Transport;
  /**
   * Keep delivered messages' contents (the development outbox shows them) until
   * {@link OUTBOX_RETENTION_MS}. Never in production: tokens, codes and patient data would stay.
   */
  readonly keepDelivered?: boolean;
}

/** How long an outbox message's contents are kept at most, delivered or not (7 days). */
export const OUTBOX_RETENTION_MS = 7 * 24 * 3_600_000;

/** What wiping a message leaves: no recipient, text, links or code. */
const WIPE = `recipient = '', subject = '', body = '', links = '{}', code = NULL, wiped = true`;

/** SMS or voice provider for tests and development: keeps what it was asked to send. */
export class RecordingProvider implements Transport {
  readonly sent: OutboxMessage[] = [];
  send(message: OutboxMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
}

export class SmtpTransport implements Transport {
  private readonly transporter: Transporter;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transporter = createTransport(url);
  }
  async send(m: OutboxMessage): Promise<void> {
    await this.transporter.sendMail({
      from: this.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
      headers: {'Content-Language': m.language},
    });
  }
  close(): void {
    this.transporter.close();
  }
}

const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 5;

export class Dispatcher {
  private readonly email?: SmtpTransport;
  constructor(
    private readonly db: Db,
    private readonly options: DeliveryOptions,
    /** The server's clock (the outbox's times are written by it). */
    private readonly clock: () => number = Date.now,
  ) {
    if (options.smtpUrl)
      this.email = new SmtpTransport(options.smtpUrl, options.mailFrom ?? 'portal@localhost');
  }

  private transport(channel: OutboxMessage['channel']): Transport | undefined {
    return channel === 'email' ? this.email : channel === 'sms' ? this.options.sms : this.options.voice;
  }

  /** Delivers what is waiting (for the channels that have a transport). Resolves to how many were sent. */
  async deliver(now: number = this.clock()): Promise<number> {
    await this.sweep(now);
    const channels = (['email', 'sms', 'voice'] as const).filter((c) => this.transport(c));
    if (channels.length === 0) return 0;
    const rows = await this.db.query<Row>(
      `UPDATE outbox SET claimed_until = $1, attempts = attempts + 1
        WHERE seq IN (
          SELECT seq FROM outbox
           WHERE delivered_at IS NULL AND attempts < $2 AND channel = ANY($3)
             AND (claimed_until IS NULL OR claimed_until < $4)
           ORDER BY seq LIMIT 100)
        RETURNING *`,
      [now + LEASE_MS, MAX_ATTEMPTS, channels, now],
    );
    let sent = 0;
    for (const r of rows.sort((a, b) => Number(a.seq) - Number(b.seq))) {
      const message = toOutboxMessage(r);
      try {
        await this.transport(r.channel)?.send(message);
        await this.db.query(
          `UPDATE outbox SET delivered_at = $2, claimed_until = NULL${this.options.keepDelivered ? '' : `, ${WIPE}`}
            WHERE seq = $1`,
          [r.seq, now],
        );
        sent++;
      } catch {
        // Left for the next run (the lease expires); the reason is not logged: it may name the recipient.
        await this.db.query('UPDATE outbox SET claimed_until = NULL WHERE seq = $1', [r.seq]);
      }
    }
    return sent;
  }

  /**
   * Wipes the contents of messages older than {@link OUTBOX_RETENTION_MS} (run before each delivery
   * run; one UPDATE, indexed by time). Resolves to how many were wiped.
   */
  async sweep(now: number = this.clock()): Promise<number> {
    const rows = await this.db.query<{seq: number}>(
      `UPDATE outbox SET ${WIPE} WHERE wiped = false AND created_ms < $1 RETURNING seq`,
      [now - OUTBOX_RETENTION_MS],
    );
    return rows.length;
  }

  close(): void {
    this.email?.close();
  }
}
