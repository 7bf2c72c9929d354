/**
 * One session per backend on the page, shared by every element that uses that backend.
 *
 * - Tokens and patient data live in this object only: never Web Storage, never the URL. A page
 *   reload resumes through the backend's own httpOnly cookie (`adapter.getSession()`), if it has one.
 * - Idle sign-out: after `idleMs` without activity in our elements (default 15 min) the patient is
 *   signed out; `warnMs` before that (default 2 min) the store enters the `warning` state, which
 *   elements show with a "Stay signed in" button that calls {@link extend}. A tab hidden past the
 *   limit signs out as soon as it is visible again.
 * - Listeners hear every change; elements drop all patient data from the DOM on sign-out.
 */
import type {PortalAdapter, Session} from '../adapters/adapter.js';
import {NotSignedInError} from '../adapters/adapter.js';
import {systemClock, type Clock} from './clock.js';

export type SessionStatus = 'unknown' | 'signed-out' | 'signed-in';
export type SignOutReason = 'user' | 'idle' | 'expired';

export interface SessionSnapshot {
  readonly status: SessionStatus;
  readonly session: Session | null;
  /** While set, the idle warning is showing; the value is when sign-out will happen (clock ms). */
  readonly warningUntil: number | null;
  /** Why the last sign-out happened (for the message shown afterwards). */
  readonly lastSignOut: SignOutReason | null;
}

export interface SessionStoreOptions {
  readonly clock?: Clock;
  readonly idleMs?: number;
  readonly warnMs?: number;
  /** The document whose visibility is watched (tests may pass none). */
  readonly document?: Document;
}

export const DEFAULT_IDLE_MS = 15 * 60_000;
export const DEFAULT_WARN_MS = 2 * 60_000;

export class SessionStore {
  readonly idleMs: number;
  readonly warnMs: number;
  private readonly clock: Clock;
  private snapshot: SessionSnapshot = {
    status: 'unknown',
    session: null,
    warningUntil: null,
    lastSignOut: null,
  };
  private readonly listeners = new Set<(s: SessionSnapshot) => void>();
  private lastActivity = 0;
  private timer: unknown;
  private restoring?: Promise<SessionSnapshot>;
  private readonly doc?: Document;
  private readonly onVisibility = () => this.checkIdle();

  constructor(
    readonly adapter: PortalAdapter,
    options: SessionStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.warnMs = Math.min(options.warnMs ?? DEFAULT_WARN_MS, this.idleMs);
    this.doc = options.document ?? (typeof document === 'undefined' ? undefined : document);
  }

  get state(): SessionSnapshot {
    return this.snapshot;
  }

  get session(): Session | null {
    return this.snapshot.session;
  }

  subscribe(listener: (s: SessionSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the backend once whether a session exists (cookie); later calls share the answer. */
  restore(): Promise<SessionSnapshot> {
    if (this.snapshot.status !== 'unknown') return Promise.resolve(this.snapshot);
    this.restoring ??= this.adapter.getSession().then(
      (session) => {
        if (this.snapshot.status === 'unknown') {
          if (session) this.signedIn(session);
          else this.set({status: 'signed-out', session: null, warningUntil: null});
        }
        return this.snapshot;
      },
      () => {
        if (this.snapshot.status === 'unknown')
          this.set({status: 'signed-out', session: null, warningUntil: null});
        return this.snapshot;
      },
    );
    return this.restoring;
  }

  /** Records a session the patient just obtained (sign-in, invitation, reset…). */
  signedIn(session: Session): void {
    this.lastActivity = this.clock.now();
    this.set({status: 'signed-in', session, warningUntil: null, lastSignOut: null});
    this.watchVisibility(true);
    this.schedule();
  }

  /** Replaces the patient data (e.g. onboarding done) without resetting the idle timer. */
  update(session: Session): void {
    if (this.snapshot.status === 'signed-in') this.set({session});
  }

  /** The patient did something in one of our elements. */
  noteActivity(): void {
    if (this.snapshot.status !== 'signed-in' || this.snapshot.warningUntil !== null) return;
    if (this.checkIdle()) return;
    this.lastActivity = this.clock.now();
    this.schedule();
  }

  /** "Stay signed in": tells the backend and restarts the idle period. */
  async extend(): Promise<void> {
    if (this.snapshot.status !== 'signed-in') return;
    if (this.checkIdle()) return;
    this.lastActivity = this.clock.now();
    this.set({warningUntil: null});
    this.schedule();
    try {
      const session = await this.adapter.extendSession();
      this.set({session});
    } catch (e) {
      if (e instanceof NotSignedInError) this.end('expired');
    }
  }

  /** Signs out at the backend and clears everything here, whatever the backend answers. */
  async signOut(reason: SignOutReason = 'user'): Promise<void> {
    if (this.snapshot.status !== 'signed-in') return;
    this.end(reason);
    try {
      await this.adapter.signOut();
    } catch {
      // Local state is already cleared; the backend's session ends on its own.
    }
  }

  /**
   * The backend said the session is gone (a 401 on any call): from the adapter's `onSessionLost`
   * (wired by the registry for shared backends) or an element's `reportError`. Either reason means
   * the session we had ended without the patient signing out, so both read as `expired`.
   */
  lost(_reason?: 'not-signed-in' | 'session-expired'): void {
    if (this.snapshot.status === 'signed-in') this.end('expired');
  }

  /** Stops timers and listeners (the registry forgets this backend). */
  dispose(): void {
    this.clock.clearTimeout(this.timer);
    this.watchVisibility(false);
    this.listeners.clear();
  }

  private end(reason: SignOutReason) {
    this.clock.clearTimeout(this.timer);
    this.watchVisibility(false);
    this.set({status: 'signed-out', session: null, warningUntil: null, lastSignOut: reason});
    if (reason === 'idle') void this.adapter.signOut().catch(() => undefined);
  }

  /** Signs out if the idle limit has passed; true if it did. */
  private checkIdle(): boolean {
    if (this.snapshot.status !== 'signed-in') return false;
    const idleFor = this.clock.now() - this.lastActivity;
    if (idleFor >= this.idleMs) {
      this.end('idle');
      return true;
    }
    if (idleFor >= this.idleMs - this.warnMs && this.snapshot.warningUntil === null) {
      this.set({warningUntil: this.lastActivity + this.idleMs});
    }
    this.schedule();
    return false;
  }

  private schedule() {
    this.clock.clearTimeout(this.timer);
    if (this.snapshot.status !== 'signed-in') return;
    const idleFor = this.clock.now() - this.lastActivity;
    const nextAt = this.snapshot.warningUntil === null ? this.idleMs - this.warnMs : this.idleMs;
    this.timer = this.clock.setTimeout(() => this.checkIdle(), Math.max(0, nextAt - idleFor));
  }

  private watchVisibility(on: boolean) {
    if (!this.doc) return;
    this.doc.removeEventListener('visibilitychange', this.onVisibility);
    if (on) this.doc.addEventListener('visibilitychange', this.onVisibility);
  }

  private set(patch: Partial<SessionSnapshot>) {
    this.snapshot = {...this.snapshot, ...patch};
    for (const l of [...this.listeners]) l(this.snapshot);
  }
}
