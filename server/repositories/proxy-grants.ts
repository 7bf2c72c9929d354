/** The `proxy_grants` table (family members, #21): SQL only. */
import type {ProxyScope, Relationship} from '../../src/domain/rules/proxy.js';
import type {Queryable} from '../db.js';

export interface ProxyGrantRow {
  id: string;
  holder_id: string;
  dependent_id: string;
  relationship: Relationship;
  scope: ProxyScope;
  granted_by: string;
  granted_ms: string | number;
  revoked_ms: string | number | null;
}

/** The holder's live grant for the dependent, if any (read on every request that acts for her). */
export async function findLiveGrant(
  q: Queryable,
  holderId: string,
  dependentId: string,
): Promise<ProxyGrantRow | undefined> {
  const [row] = await q.query<ProxyGrantRow>(
    'SELECT * FROM proxy_grants WHERE holder_id = $1 AND dependent_id = $2 AND revoked_ms IS NULL',
    [holderId, dependentId],
  );
  return row;
}

/** Every live grant of a holder. */
export async function liveGrantsOf(q: Queryable, holderId: string): Promise<ProxyGrantRow[]> {
  return q.query<ProxyGrantRow>(
    'SELECT * FROM proxy_grants WHERE holder_id = $1 AND revoked_ms IS NULL ORDER BY granted_ms, id',
    [holderId],
  );
}

export async function insertGrant(q: Queryable, row: Omit<ProxyGrantRow, 'revoked_ms'>): Promise<void> {
  await q.query(
    `INSERT INTO proxy_grants (id, holder_id, dependent_id, relationship, scope, granted_by, granted_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [row.id, row.holder_id, row.dependent_id, row.relationship, row.scope, row.granted_by, row.granted_ms],
  );
}

export async function setGrantScope(q: Queryable, id: string, scope: ProxyScope): Promise<void> {
  await q.query('UPDATE proxy_grants SET scope = $2 WHERE id = $1', [id, scope]);
}

export async function revokeGrant(q: Queryable, id: string, at: number): Promise<void> {
  await q.query('UPDATE proxy_grants SET revoked_ms = $2 WHERE id = $1 AND revoked_ms IS NULL', [id, at]);
}

/** Every live grant for a dependent (who may see her information), oldest first. */
export async function liveGrantsFor(q: Queryable, dependentId: string): Promise<ProxyGrantRow[]> {
  return q.query<ProxyGrantRow>(
    'SELECT * FROM proxy_grants WHERE dependent_id = $1 AND revoked_ms IS NULL ORDER BY granted_ms, id',
    [dependentId],
  );
}
