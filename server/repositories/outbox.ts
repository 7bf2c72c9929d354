/** The `outbox` table (every message sent, before and after delivery): SQL only. */
import type {Language, OutboxMessage} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';

export async function insertMessage(
  q: Queryable,
  m: {
    id: string;
    channel: OutboxMessage['channel'];
    to: string;
    at: string;
    language: Language;
    kind: OutboxMessage['kind'];
    subject: string;
    text: string;
    links: Record<string, string>;
    code?: string;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO outbox (id, channel, recipient, at, language, kind, subject, body, links, code, created_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      m.id,
      m.channel,
      m.to,
      m.at,
      m.language,
      m.kind,
      m.subject,
      m.text,
      JSON.stringify(m.links),
      m.code ?? null,
      Date.parse(m.at),
    ],
  );
}

/** An `outbox` row as stored (delivery and the development tools read more of its columns). */
export interface OutboxRow {
  seq: number | string;
  id: string;
  channel: OutboxMessage['channel'];
  recipient: string;
  at: string;
  language: Language;
  kind: OutboxMessage['kind'];
  subject: string;
  body: string;
  links: Record<string, string>;
  code: string | null;
  delivered_at: number | string | null;
}

/** A stored row as the message the contract names. */
export function toOutboxMessage(r: OutboxRow): OutboxMessage {
  return {
    id: r.id,
    channel: r.channel,
    to: r.recipient,
    at: r.at,
    language: r.language,
    kind: r.kind,
    subject: r.subject,
    text: r.body,
    links: r.links,
    ...(r.code ? {code: r.code} : {}),
  };
}

/** Everything sent so far, oldest first. */
export async function listMessages(q: Queryable): Promise<OutboxMessage[]> {
  const rows = await q.query<OutboxRow>('SELECT * FROM outbox ORDER BY seq');
  return rows.map(toOutboxMessage);
}
