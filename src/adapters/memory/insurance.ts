/**
 * The memory adapter's insurance cards (#17, item 5): the signed-in patient's cards, exactly one
 * primary. What is accepted and which card is primary are the domain's
 * (`domain/rules/insurance.ts`). Loaded with the profile's part (`profile.ts` re-exports it), with
 * the demo patient's card (`demo-insurance.ts`).
 */
import {NotFoundError} from '../adapter.js';
import {
  checkCanAddInsuranceCard,
  checkInsuranceCard,
  insuranceCard,
  insuranceCardsOf,
  isFirstCardPrimary,
  isInsuranceCardId,
  isInsuranceCardSide,
  primaryAfterRemoval,
  type InsuranceCardSide,
  type InsuranceCard,
  type InsuranceRecord,
} from '../../domain/rules/insurance.js';
import {DEMO_CLINIC_ID} from './demo-medical.js';
import {demoInsurance} from './demo-insurance.js';
import type {MemoryState} from './state.js';
import {checkPhoto, type CheckedPhoto, type ProfilePhoto} from '../../domain/rules/profile-image.js';

interface StoredCard extends InsuranceRecord {
  card: InsuranceCard;
  readonly patientId: string;
}

interface InsuranceState {
  readonly cards: Map<string, StoredCard>;
  /** The cards' photos, by `cardId side`. */
  readonly photos: Map<string, ProfilePhoto>;
  seq: number;
}

const records = new WeakMap<MemoryState, InsuranceState>();

/** The insurance state, with the seeded patients' cards (the clinic's, or the demo clinic's), once. */
export function readyInsurance(memory: MemoryState): void {
  if (records.has(memory)) return;
  const s: InsuranceState = {cards: new Map(), photos: new Map(), seq: 0};
  records.set(memory, s);
  const data = memory.data;
  const seeds = data.insurance ?? (data.clinic.id === DEMO_CLINIC_ID ? demoInsurance() : []);
  for (const {patientKey, cards} of seeds) {
    const email = data.patients?.find((p) => p.key === patientKey)?.email;
    const patient = [...memory.patients.values()].find((p) => p.email === email);
    if (!patient) continue;
    for (const [i, fields] of cards.entries())
      store(memory, s, patient.id, checkInsuranceCard(fields), i === 0);
  }
}

function store(
  memory: MemoryState,
  s: InsuranceState,
  patientId: string,
  fields: ReturnType<typeof checkInsuranceCard>,
  primary: boolean,
): InsuranceCard {
  const id = `ins_${memory.nextToken('insurance').slice(0, 24)}`;
  const card = insuranceCard(id, fields, primary, memory.clock());
  s.cards.set(id, {card, seq: ++s.seq, patientId});
  return card;
}

function stateOf(memory: MemoryState): InsuranceState {
  memory.need(memory.caps.insurance === true, 'insurance');
  readyInsurance(memory);
  return records.get(memory)!;
}

function own(s: InsuranceState, patientId: string): StoredCard[] {
  return [...s.cards.values()].filter((c) => c.patientId === patientId);
}

function list(s: InsuranceState, patientId: string): InsuranceCard[] {
  return structuredClone(insuranceCardsOf(own(s, patientId)));
}

export function listInsuranceCards(memory: MemoryState): InsuranceCard[] {
  return list(stateOf(memory), memory.requirePatient().id);
}

export function addInsuranceCard(memory: MemoryState, input: unknown): InsuranceCard {
  const s = stateOf(memory);
  const patient = memory.requirePatient();
  const fields = checkInsuranceCard(input);
  const count = own(s, patient.id).length;
  checkCanAddInsuranceCard(count);
  return structuredClone(store(memory, s, patient.id, fields, isFirstCardPrimary(count)));
}

/** One of the patient's cards; another's or an unknown id: not found. */
function ownCard(memory: MemoryState, s: InsuranceState, id: unknown): StoredCard {
  const patient = memory.requirePatient();
  const stored = isInsuranceCardId(id) ? s.cards.get(id) : undefined;
  if (!stored || stored.patientId !== patient.id) throw new NotFoundError();
  return stored;
}

export function updateInsuranceCard(memory: MemoryState, id: string, input: unknown): InsuranceCard {
  const s = stateOf(memory);
  const stored = ownCard(memory, s, id);
  const fields = checkInsuranceCard(input);
  stored.card = insuranceCard(stored.card.id, fields, stored.card.primary, memory.clock());
  return structuredClone(stored.card);
}

function setPrimary(s: InsuranceState, patientId: string, id: string | undefined) {
  for (const c of own(s, patientId)) c.card = {...c.card, primary: c.card.id === id};
}

export function setPrimaryInsuranceCard(memory: MemoryState, id: string): InsuranceCard[] {
  const s = stateOf(memory);
  const stored = ownCard(memory, s, id);
  setPrimary(s, stored.patientId, stored.card.id);
  return list(s, stored.patientId);
}

export function removeInsuranceCard(memory: MemoryState, id: string): InsuranceCard[] {
  const s = stateOf(memory);
  const stored = ownCard(memory, s, id);
  const next = primaryAfterRemoval(own(s, stored.patientId), stored.card.id);
  s.cards.delete(stored.card.id);
  for (const side of ['front', 'back']) s.photos.delete(`${stored.card.id} ${side}`);
  setPrimary(s, stored.patientId, next);
  return list(s, stored.patientId);
}

/** The key of one side of one of her cards; another's, an unknown card or side: not found. */
function photoKey(memory: MemoryState, s: InsuranceState, id: unknown, side: unknown): string {
  const stored = ownCard(memory, s, id);
  if (!isInsuranceCardSide(side)) throw new NotFoundError();
  return `${stored.card.id} ${side}`;
}

export function getInsuranceCardPhoto(
  memory: MemoryState,
  id: string,
  side: InsuranceCardSide,
): ProfilePhoto | undefined {
  const s = stateOf(memory);
  const photo = s.photos.get(photoKey(memory, s, id, side));
  return photo && {contentType: photo.contentType, content: photo.content.slice()};
}

/** Stores that side's photo, checked by the profile photo's rule first (a refusal stores nothing). */
export function uploadInsuranceCardPhoto(
  memory: MemoryState,
  id: string,
  side: InsuranceCardSide,
  content: unknown,
): CheckedPhoto {
  const s = stateOf(memory);
  const key = photoKey(memory, s, id, side);
  const bytes = content instanceof Uint8Array ? content.slice() : new Uint8Array(0);
  const checked = checkPhoto(bytes);
  s.photos.set(key, {contentType: checked.contentType, content: bytes});
  return checked;
}

export function removeInsuranceCardPhoto(memory: MemoryState, id: string, side: InsuranceCardSide): void {
  const s = stateOf(memory);
  s.photos.delete(photoKey(memory, s, id, side));
}
