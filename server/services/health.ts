/**
 * Liveness and readiness, for the operator's load balancer or orchestrator: the process answers
 * (`/health`, no database), and the database is reachable with every migration applied (`/ready`).
 */
import {DatabaseUnavailableError, pendingMigrations} from '../db.js';
import type {PortalContext} from './context.js';

/** Ready, or throws `DatabaseUnavailableError` (unreachable, or migrations not applied: 503). */
export async function readiness(s: PortalContext): Promise<{status: 'ready'}> {
  const pending = await pendingMigrations(s.db);
  if (pending.length > 0) throw new DatabaseUnavailableError('migrations-pending');
  return {status: 'ready'};
}
