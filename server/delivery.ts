/**
 * Delivery of what the server sends: the dispatcher claims undelivered rows of the outbox table
 * (written in the same transaction as the change they report), hands each to the transport of
 * its channel — email over SMTP (nodemailer), SMS and voice through provider interfaces — and
 * marks it delivered. A row is claimed with a lease, so two dispatchers (or a restart) never send
 * a message twice while it is being sent, and a failed send is tried again later (at most 5 times).
 *
 * Nothing here logs a recipient or a message body.
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
}

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
  ) {
    if (options.smtpUrl)
      this.email = new SmtpTransport(options.smtpUrl, options.mailFrom ?? 'portal@localhost');
  }

  private transport(channel: OutboxMessage['channel']): Transport | undefined {
    return channel === 'email' ? this.email : channel === 'sms' ? this.options.sms : this.options.voice;
  }

  /** Delivers what is waiting (for the channels that have a transport). Resolves to how many were sent. */
  async deliver(now: number = Date.now()): Promise<number> {
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
        await this.db.query('UPDATE outbox SET delivered_at = $2, claimed_until = NULL WHERE seq = $1', [
          r.seq,
          now,
        ]);
        sent++;
      } catch {
        // Left for the next run (the lease expires); the reason is not logged: it may name the recipient.
        await this.db.query('UPDATE outbox SET claimed_until = NULL WHERE seq = $1', [r.seq]);
      }
    }
    return sent;
  }

  close(): void {
    this.email?.close();
  }
}
