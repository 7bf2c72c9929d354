/** The `proxy_invitations` table (the adult's own invitation, family members #21): SQL only. */
import type {ProxyScope, Relationship} from '../../src/domain/rules/proxy.js';
import type {Queryable} from '../db.js';

export interface ProxyInvitationRow {
  id: string;
  token_hash: string;
  inviter_id: string;
  email: string;
  email_key: string;
  relationship: Relationship;
  scope: ProxyScope;
  sent_ms: string | number;
  expires_ms: string | number;
  state: 'pending' | 'accepted' | 'declined' | 'withdrawn';
  answered_ms: string | number | null;
}

/** Her invitations sent since `since` (any state: they count towards the day's limit). */
export async function invitationsSentSince(
  q: Queryable,
  inviterId: string,
  since: number,
): Promise<ProxyInvitationRow[]> {
  return q.query<ProxyInvitationRow>(
    'SELECT * FROM proxy_invitations WHERE inviter_id = $1 AND sent_ms > $2 ORDER BY sent_ms, id',
    [inviterId, since],
  );
}

/** Her invitations still waiting for an answer at `now`. */
export async function pendingInvitationsOf(
  q: Queryable,
  inviterId: string,
  now: number,
): Promise<ProxyInvitationRow[]> {
  return q.query<ProxyInvitationRow>(
    `SELECT * FROM proxy_invitations WHERE inviter_id = $1 AND state = 'pending' AND expires_ms > $2
     ORDER BY sent_ms, id`,
    [inviterId, now],
  );
}

export async function insertInvitation(
  q: Queryable,
  row: Omit<ProxyInvitationRow, 'state' | 'answered_ms'>,
): Promise<void> {
  await q.query(
    `INSERT INTO proxy_invitations
       (id, token_hash, inviter_id, email, email_key, relationship, scope, sent_ms, expires_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      row.id,
      row.token_hash,
      row.inviter_id,
      row.email,
      row.email_key,
      row.relationship,
      row.scope,
      row.sent_ms,
      row.expires_ms,
    ],
  );
}

/** The invitation of a link's token hash (locked for its answer). */
export async function findInvitationByToken(
  q: Queryable,
  tokenHash: string,
  lock = false,
): Promise<ProxyInvitationRow | undefined> {
  const [row] = await q.query<ProxyInvitationRow>(
    `SELECT * FROM proxy_invitations WHERE token_hash = $1${lock ? ' FOR UPDATE' : ''}`,
    [tokenHash],
  );
  return row;
}

/** Ends a waiting invitation (`accepted`, `declined`, `withdrawn`); false if it was not waiting. */
export async function endInvitation(
  q: Queryable,
  id: string,
  state: 'accepted' | 'declined' | 'withdrawn',
  at: number,
): Promise<boolean> {
  const rows = await q.query<{id: string}>(
    `UPDATE proxy_invitations SET state = $2, answered_ms = $3 WHERE id = $1 AND state = 'pending'
     RETURNING id`,
    [id, state, at],
  );
  return rows.length > 0;
}

/** Locks the inviting patient's row: her invitations are counted and written one request at a time. */
export async function lockInviter(q: Queryable, inviterId: string): Promise<void> {
  await q.query('SELECT id FROM patients WHERE id = $1 FOR UPDATE', [inviterId]);
}
