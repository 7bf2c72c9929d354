/**
 * The memory adapter's cards on file (#20, item 3): card setups confirmed by the demo payment step
 * with a test card, the signed-in patient's saved cards (brand, last four, expiry — never the
 * number), the default, removal. Which card is the default and the order are the domain's
 * (`domain/rules/cards.ts`). Loaded on first use, in its own chunk.
 */
import {NotFoundError, PaymentFailedError, ValidationError} from '../adapter.js';
import type {PaymentIntent} from '../../domain/types.js';
import {
  checkCanAddCard,
  demoCardSetupOutcome,
  isCardId,
  newCardIsDefault,
  nextDefaultAfterRemoval,
  orderCards,
  type CardRecord,
  type SavedCard,
} from '../../domain/rules/cards.js';
import type {SeedBilling} from '../../domain/rules/clinic-data.js';
import type {MemoryState} from './state.js';

interface SetupRecord {
  readonly intent: PaymentIntent;
  readonly patientId: string;
  state: 'open' | 'saved';
}

/** A card as kept here: the public facts, and whether the demo declines charges to it. */
interface StoredCard extends CardRecord {
  card: SavedCard;
  readonly patientId: string;
  readonly declinesCharges: boolean;
}

interface CardsState {
  readonly setups: Map<string, SetupRecord>;
  /** Idempotency key → setup id, per patient (`<patient>\n<key>`). */
  readonly keys: Map<string, string>;
  readonly cards: Map<string, StoredCard>;
  seq: number;
}

const records = new WeakMap<MemoryState, CardsState>();

/** The cards state, with the seeded patients' cards (the clinic's `loadBilling().cards`), once. */
export async function ready(memory: MemoryState): Promise<void> {
  if (records.has(memory)) return;
  let seeded: SeedBilling | undefined;
  try {
    seeded = await memory.data.loadBilling?.();
  } catch {
    seeded = undefined; // no seeded cards; the patient may still add hers
  }
  if (records.has(memory)) return;
  const s: CardsState = {setups: new Map(), keys: new Map(), cards: new Map(), seq: 0};
  records.set(memory, s);
  memory.cardsOf = (patientId) =>
    own(memory, s, patientId).map((c) => ({card: {...c.card}, declinesCharges: c.declinesCharges}));
  for (const {patientKey, cardNumber} of seeded?.cards ?? []) {
    // By her key (a dependent shares her guardian's email).
    const patient = memory.patients.get(memory.patientIdOf(`seed:${patientKey}`));
    const outcome = demoCardSetupOutcome(cardNumber, memory.clock());
    if (patient && outcome.kind === 'saved') keep(memory, s, patient.id, outcome);
  }
}

/** Stores a saved card's facts (the first of the patient's is the default). */
function keep(
  memory: MemoryState,
  s: CardsState,
  patientId: string,
  outcome: Extract<ReturnType<typeof demoCardSetupOutcome>, {kind: 'saved'}>,
): void {
  const mine = own(memory, s, patientId).map((c) => c.card);
  checkCanAddCard(mine);
  const id = `card_${memory.nextToken('card').slice(0, 24)}`;
  s.cards.set(id, {
    card: {id, ...outcome.card, isDefault: newCardIsDefault(mine)},
    addedMs: memory.clock(),
    seq: ++s.seq,
    patientId,
    declinesCharges: outcome.declinesCharges,
  });
}

function stateOf(memory: MemoryState): CardsState {
  memory.need(memory.caps.cards === true, 'cards');
  return records.get(memory)!;
}

function own(memory: MemoryState, s: CardsState, patientId: string): StoredCard[] {
  return [...s.cards.values()].filter((c) => c.patientId === patientId);
}

function listOf(memory: MemoryState, s: CardsState, patientId: string): SavedCard[] {
  return structuredClone(orderCards(own(memory, s, patientId)));
}

export function listCards(memory: MemoryState): SavedCard[] {
  const s = stateOf(memory);
  return listOf(memory, s, memory.requirePatient().id);
}

/** A card setup of the demo provider (nothing charged). The same key gives the same setup. */
export function startCardSetup(memory: MemoryState, idempotencyKey: string): PaymentIntent {
  const s = stateOf(memory);
  memory.need(memory.caps.payments === 'demo', 'payments');
  if (typeof idempotencyKey !== 'string' || idempotencyKey === '')
    throw new ValidationError({idempotencyKey: 'required'});
  const patient = memory.requirePatient();
  const keyed = `${patient.id}\n${idempotencyKey}`;
  const known = s.keys.get(keyed);
  if (known) return structuredClone(s.setups.get(known)!.intent);
  checkCanAddCard(own(memory, s, patient.id).map((c) => c.card));
  const id = `seti_demo_${memory.nextToken('setup').slice(0, 24)}`;
  const intent: PaymentIntent = {
    id,
    amount: {amountMinor: 0, currency: memory.data.clinic.currency},
    provider: 'demo',
    mode: 'setup',
    clientSecret: `${id}_secret_${memory.nextToken('secret').slice(0, 16)}`,
  };
  s.setups.set(id, {intent, patientId: patient.id, state: 'open'});
  s.keys.set(keyed, id);
  return structuredClone(intent);
}

/** The demo step's confirmation: the test card is saved, or declined (nothing saved). */
export function confirmDemoCardSetup(memory: MemoryState, setupId: string, cardNumber: string): void {
  const s = stateOf(memory);
  memory.need(memory.caps.payments === 'demo', 'payments');
  const patient = memory.requirePatient();
  const setup = s.setups.get(setupId);
  if (!setup || setup.patientId !== patient.id) throw new NotFoundError();
  const outcome = demoCardSetupOutcome(cardNumber, memory.clock());
  if (setup.state === 'saved') return;
  if (outcome.kind === 'declined') throw new PaymentFailedError();
  keep(memory, s, patient.id, outcome);
  setup.state = 'saved';
}

function ownCard(memory: MemoryState, s: CardsState, id: string): StoredCard {
  const patient = memory.requirePatient();
  const card = isCardId(id) ? s.cards.get(id) : undefined;
  if (!card || card.patientId !== patient.id) throw new NotFoundError();
  return card;
}

export function setDefaultCard(memory: MemoryState, id: string): SavedCard[] {
  const s = stateOf(memory);
  const chosen = ownCard(memory, s, id);
  for (const c of own(memory, s, chosen.patientId)) c.card = {...c.card, isDefault: c === chosen};
  return listOf(memory, s, chosen.patientId);
}

export function removeCard(memory: MemoryState, id: string): SavedCard[] {
  const s = stateOf(memory);
  const gone = ownCard(memory, s, id);
  s.cards.delete(gone.card.id);
  const left = own(memory, s, gone.patientId);
  if (gone.card.isDefault) {
    const next = nextDefaultAfterRemoval(left);
    for (const c of left) c.card = {...c.card, isDefault: c.card.id === next};
  }
  return listOf(memory, s, gone.patientId);
}

/**
 * For charging a fee (item 4): the patient's default card and whether the demo declines charges to
 * it, or undefined when she has none.
 */
export function defaultCardOf(
  memory: MemoryState,
  patientId: string,
): {readonly card: SavedCard; readonly declinesCharges: boolean} | undefined {
  const s = records.get(memory);
  const c = s && [...s.cards.values()].find((x) => x.patientId === patientId && x.card.isDefault);
  return c && {card: c.card, declinesCharges: c.declinesCharges};
}
