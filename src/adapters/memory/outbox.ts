/** What the memory backend "sent": emails, SMS and voice calls, readable by tests and the demo page. */
import type {OutboxMessage} from '../../domain/types.js';

export type OutboxKind = OutboxMessage['kind'];
export type OutboxChannel = OutboxMessage['channel'];

export interface OutboxFilter {
  readonly kind?: OutboxKind;
  readonly channel?: OutboxChannel;
  /** Recipient (email compared case-insensitively, or an E.164 number). */
  readonly to?: string;
}

/** Hears every message sent: the whole outbox (oldest first) and the new message. */
export type OutboxListener = (messages: readonly OutboxMessage[], latest: OutboxMessage) => void;

/** What the memory backend "sent". Messages are frozen: readers cannot change them. */
/**
 * What the memory backend "sent". Messages are frozen: readers cannot change them.
 *
 * The messages its adapter sent when it was built (the seeded invitation and reminders) arrive
 * once the adapter's message texts are loaded: reading the outbox starts that, listeners hear
 * them like any other message, and `await adapter.ready` waits for them.
 */
export class Outbox {
  private readonly items: OutboxMessage[] = [];
  private readonly listeners = new Set<OutboxListener>();

  /** @param onRead Called on every read (the adapter starts sending its seeded messages). */
  constructor(private readonly onRead: () => void = () => undefined) {}

  /** Every message, oldest first. */
  get messages(): readonly OutboxMessage[] {
    this.onRead();
    return [...this.items];
  }

  get size(): number {
    this.onRead();
    return this.items.length;
  }

  list(filter: OutboxFilter = {}): OutboxMessage[] {
    this.onRead();
    return this.items.filter((m) => matches(m, filter));
  }

  /** The newest message matching the filter. */
  latest(filter: OutboxFilter = {}): OutboxMessage | undefined {
    this.onRead();
    for (let i = this.items.length - 1; i >= 0; i--) if (matches(this.items[i], filter)) return this.items[i];
    return undefined;
  }

  /** Calls `listener` for every message sent from now on; returns the unsubscribe function. */
  subscribe(listener: OutboxListener): () => void {
    this.onRead();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  clear(): void {
    this.items.length = 0;
  }

  /** @internal Used by the adapter. */
  push(message: OutboxMessage): void {
    const frozen = Object.freeze({...message, links: Object.freeze({...message.links})});
    this.items.push(frozen);
    const all = [...this.items];
    for (const l of [...this.listeners]) l(all, frozen);
  }
}

function matches(m: OutboxMessage, f: OutboxFilter): boolean {
  return (
    (f.kind === undefined || m.kind === f.kind) &&
    (f.channel === undefined || m.channel === f.channel) &&
    (f.to === undefined || m.to.toLowerCase() === f.to.trim().toLowerCase())
  );
}
