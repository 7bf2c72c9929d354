/** The booking flow's pure transitions (src/elements/booking-widget/booking-flow.ts), in node. */
import {describe, expect, it} from 'vitest';
import * as flow from '../../../src/elements/booking-widget/booking-flow.js';
import type {BookingSetup, BookingState} from '../../../src/elements/booking-widget/booking-flow.js';
import type {Catalog, Hold, Service, Slot} from '../../../src/adapters/adapter.js';

const service = (id: string, mode: Service['mode'], providerIds: string[]): Service => ({
  id,
  categoryId: 'c',
  name: {en: id},
  mode,
  durationMinutes: 30,
  providerIds,
  locationIds: [],
});

const catalog: Catalog = {
  categories: [{id: 'c', name: {en: 'Care'}}] as unknown as Catalog['categories'],
  services: [
    service('facial', 'in-person', ['ana', 'luis']),
    service('peel', 'in-person', ['ana']),
    service('laser', 'in-person', ['luis']),
    service('video-check', 'video', ['ana', 'luis']),
  ],
  providers: [{id: 'ana'}, {id: 'luis'}] as unknown as Catalog['providers'],
};

const slot = (id: string, start = '2026-03-04T17:00:00Z'): Slot =>
  ({id, start, end: '2026-03-04T17:30:00Z', providerId: 'ana', mode: 'in-person'}) as Slot;

const hold: Hold = {id: 'h1', slot: slot('s1'), expiresAt: '2026-03-04T16:10:00Z'};

/** A state with a time chosen, held, a deposit known and a booking key. */
function chosen(): BookingState {
  return {
    ...flow.initialBooking(['facial']),
    step: 'review',
    chosenProvider: 'ana',
    chosenSlot: slot('s1'),
    hold,
    intent: {id: 'pi', amount: {amountMinor: 50000, currency: 'MXN'}} as BookingState['intent'],
    paid: true,
    idempotencyKey: 'key-1',
    policyAccepted: true,
  };
}

const setup = (smsCodes: boolean, phoneVerification: boolean) =>
  ({caps: {smsCodes}, clinic: {booking: {phoneVerification}}}) as unknown as BookingSetup;

describe('booking flow: catalog questions', () => {
  it('lists the services asked for, in order, skipping unknown ids', () => {
    expect(flow.servicesIn(catalog, ['peel', 'nope', 'facial']).map((s) => s.id)).toEqual(['peel', 'facial']);
    expect(flow.servicesIn(undefined, ['peel'])).toEqual([]);
  });

  it('offers the providers who do every service of the visit', () => {
    expect(flow.providersFor(catalog, ['facial']).map((p) => p.id)).toEqual(['ana', 'luis']);
    expect(flow.providersFor(catalog, ['facial', 'peel']).map((p) => p.id)).toEqual(['ana']);
    expect(flow.providersFor(catalog, ['peel', 'laser'])).toEqual([]);
  });

  it('lets a service join the visit only when one provider does them all, in the same kind of visit', () => {
    const svc = (id: string) => catalog.services.find((s) => s.id === id)!;
    expect(flow.canAdd(catalog, [], svc('laser'))).toBe(true);
    expect(flow.canAdd(catalog, ['facial'], svc('peel'))).toBe(true);
    expect(flow.canAdd(catalog, ['peel'], svc('laser'))).toBe(false);
    expect(flow.canAdd(catalog, ['facial'], svc('video-check'))).toBe(false);
    expect(flow.canAdd(catalog, ['peel'], svc('peel'))).toBe(true);
  });
});

describe('booking flow: steps', () => {
  it('shows the phone check only to a guest, when the backend and the clinic ask for it', () => {
    expect(flow.phoneCheckWanted(setup(true, true), false)).toBe(true);
    expect(flow.phoneCheckWanted(setup(true, true), true)).toBe(false);
    expect(flow.phoneCheckWanted(setup(false, true), false)).toBe(false);
    expect(flow.phoneCheckWanted(setup(true, false), false)).toBe(false);
    expect(flow.phoneCheckWanted(undefined, false)).toBe(false);
  });

  it('lists the steps, without services for a single-service widget', () => {
    expect(flow.stepsFor({singleService: false, phoneCheck: true})).toEqual([
      'services',
      'provider',
      'time',
      'details',
      'verify',
      'policy',
      'review',
    ]);
    expect(flow.stepsFor({singleService: true, phoneCheck: false})).toEqual([
      'provider',
      'time',
      'details',
      'policy',
      'review',
    ]);
  });

  it('moves forward and back, skipping the phone check once this phone is verified', () => {
    const steps = flow.stepsFor({singleService: false, phoneCheck: true});
    expect(flow.stepBeside(steps, 'details', 1, true)).toBe('verify');
    expect(flow.stepBeside(steps, 'details', 1, false)).toBe('policy');
    expect(flow.stepBeside(steps, 'policy', -1, false)).toBe('details');
    expect(flow.stepBeside(steps, 'policy', -1, true)).toBe('verify');
    expect(flow.stepBeside(steps, 'services', -1, true)).toBeUndefined();
    expect(flow.stepBeside(steps, 'review', 1, true)).toBeUndefined();
  });

  it('needs a new code when the phone changed after it was verified', () => {
    const verified: BookingState = {
      ...flow.initialBooking(),
      form: {...flow.EMPTY_FORM, phone: '+525512349876'},
      verificationToken: 'tok',
      verifiedPhone: '+525512349876',
    };
    expect(flow.needsPhoneCode(verified, true)).toBe(false);
    expect(flow.needsPhoneCode(flow.updateField(verified, 'phone', '+525598765432'), true)).toBe(true);
    expect(flow.needsPhoneCode(flow.initialBooking(), false)).toBe(false);
  });

  it('clears the last step’s errors on entering a step', () => {
    const s = flow.enterStep(
      {...chosen(), stepError: new Error('x'), fieldErrors: {code: 'code-invalid'}},
      'time',
    );
    expect(s.step).toBe('time');
    expect(s.stepError).toBeUndefined();
    expect(s.fieldErrors).toEqual({});
  });
});

describe('booking flow: choices', () => {
  it('a changed visit forgets the time, hold, deposit and booking key, and resets the provider', () => {
    const s = flow.toggleService(chosen(), 'peel', 'luis');
    expect(s.cart).toEqual(['facial', 'peel']);
    expect(s.chosenProvider).toBe('luis');
    expect([s.chosenSlot, s.hold, s.intent, s.idempotencyKey]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(s.paid).toBe(false);
    expect(flow.toggleService(s, 'facial').cart).toEqual(['peel']);
  });

  it('another provider forgets the time', () => {
    const s = flow.chooseProvider(chosen(), 'luis');
    expect(s.chosenProvider).toBe('luis');
    expect(s.chosenSlot).toBeUndefined();
    expect(s.hold).toBeUndefined();
  });

  it('a location chosen forgets the time, and a chosen provider who doesn’t work there; a changed visit forgets the location', () => {
    const places = {
      ...catalog,
      providers: [
        {id: 'ana', locationIds: ['north']},
        {id: 'luis', locationIds: ['north', 'south']},
      ] as unknown as Catalog['providers'],
    };
    const south = flow.chooseLocation(chosen(), 'south', places);
    expect(south.chosenLocation).toBe('south');
    expect(south.chosenProvider).toBeUndefined(); // ana works only in the north
    expect([south.chosenSlot, south.hold, south.idempotencyKey]).toEqual([undefined, undefined, undefined]);
    const north = flow.chooseLocation(chosen(), 'north', places);
    expect(north.chosenProvider).toBe('ana');
    expect(flow.chooseLocation({...chosen(), chosenProvider: 'any'}, 'south', places).chosenProvider).toBe(
      'any',
    );
    expect(flow.chooseLocation(south, undefined, places).chosenLocation).toBeUndefined();
    expect(flow.toggleService(south, 'peel').chosenLocation).toBeUndefined();
    expect(flow.restart(south, []).chosenLocation).toBeUndefined();
  });

  it('offers a choice of the locations where every service of the visit is offered in person', () => {
    const withPlaces = {
      clinic: {locations: [{id: 'north'}, {id: 'south'}]},
      catalog: {
        ...catalog,
        services: [
          {...service('facial', 'in-person', ['ana']), locationIds: ['north', 'south']},
          {...service('peel', 'in-person', ['ana']), locationIds: ['north']},
          {...service('video-check', 'video', ['ana']), locationIds: ['north', 'south']},
        ],
      },
    } as unknown as BookingSetup;
    expect(flow.locationsFor(withPlaces, ['facial']).map((l) => l.id)).toEqual(['north', 'south']);
    expect(flow.locationsFor(withPlaces, ['facial', 'peel']).map((l) => l.id)).toEqual(['north']);
    expect(flow.locationsFor(withPlaces, ['video-check'])).toEqual([]);
    expect(flow.locationsFor(withPlaces, [])).toEqual([]);
  });

  it('picking the same slot again keeps its hold and key; another slot drops them', () => {
    const same = flow.selectSlot({...chosen(), conflictNear: '2026-03-04T17:00:00Z'}, slot('s1'));
    expect(same.hold).toBe(hold);
    expect(same.idempotencyKey).toBe('key-1');
    expect(same.conflictNear).toBeUndefined();
    const other = flow.selectSlot(chosen(), slot('s2'));
    expect(other.chosenSlot?.id).toBe('s2');
    expect(other.hold).toBeUndefined();
    expect(other.idempotencyKey).toBeUndefined();
    expect(other.intent).toBeUndefined();
  });

  it('a slot taken keeps everything typed and remembers where to look for alternatives', () => {
    const typed = flow.updateField({...chosen(), busy: true}, 'givenName', 'María José');
    const s = flow.slotTaken(typed, slot('s1'));
    expect(s.form.givenName).toBe('María José');
    expect(s.conflictNear).toBe('2026-03-04T17:00:00Z');
    expect(s.chosenSlot).toBeUndefined();
    expect(s.idempotencyKey).toBeUndefined();
    expect(s.busy).toBe(false);
  });

  it('"book another" keeps the patient’s details and starts the choices over', () => {
    const booked = {
      ...flow.updateField(chosen(), 'email', 'a@example.com'),
      appointment: {id: 'a1'},
    } as BookingState;
    const s = flow.restart(booked, []);
    expect(s.cart).toEqual([]);
    expect(s.form.email).toBe('a@example.com');
    expect([s.appointment, s.chosenSlot, s.intent]).toEqual([undefined, undefined, undefined]);
    expect(s.policyAccepted).toBe(false);
  });

  it('sign-out drops the patient’s details and phone proof', () => {
    const s = flow.signedOut({
      ...flow.updateField(chosen(), 'familyName', 'Ñúñez-O’Connor'),
      verificationToken: 'tok',
      verifiedPhone: '+34600000000',
    });
    expect(s.form).toEqual(flow.EMPTY_FORM);
    expect(s.verificationToken).toBeUndefined();
    expect(s.verifiedPhone).toBeUndefined();
    expect(s.cart).toEqual(['facial']);
  });

  it('typing a field clears only its own error', () => {
    const s = flow.updateField(
      {...flow.initialBooking(), fieldErrors: {email: 'invalid-email', phone: 'required'}},
      'email',
      'ana@example.com',
    );
    expect(s.form.email).toBe('ana@example.com');
    expect(s.fieldErrors).toEqual({phone: 'required'});
  });

  it('prefill fills only what the patient hasn’t typed', () => {
    const form = {...flow.EMPTY_FORM, givenName: 'Ana'};
    expect(flow.prefillForm(form, {givenName: 'Luis', email: 'l@example.com'})).toEqual({
      ...flow.EMPTY_FORM,
      givenName: 'Ana',
      email: 'l@example.com',
    });
  });
});

describe('booking flow: details check', () => {
  const ok = {
    givenName: 'María José',
    familyName: 'Ñúñez-O’Connor',
    email: 'maria@example.com',
    phone: '+525512349876',
    dateOfBirth: '1990-05-01',
    privacyConsent: true,
  };
  const opts = {signedIn: false, explicitConsent: true};

  it('accepts complete details and asks nothing of a signed-in patient', () => {
    expect(flow.detailsErrors(ok, opts)).toEqual({});
    expect(flow.detailsErrors(flow.EMPTY_FORM, {...opts, signedIn: true})).toEqual({});
  });

  it('names every missing field', () => {
    expect(flow.detailsErrors(flow.EMPTY_FORM, opts)).toEqual({
      givenName: 'required',
      familyName: 'required',
      email: 'required',
      phone: 'required',
      dateOfBirth: 'required',
      privacyConsent: 'consent-required',
    });
    expect(flow.detailsErrors({...ok, privacyConsent: false}, {...opts, explicitConsent: false})).toEqual({});
  });

  it('refuses a bad email, too long a name, and what the phone and date inputs refused', () => {
    expect(
      flow.detailsErrors(
        {...ok, email: 'ana@', givenName: 'x'.repeat(101)},
        {...opts, phoneProblem: 'invalid-phone', dateProblem: 'date-in-future'},
      ),
    ).toEqual({
      givenName: 'too-long',
      email: 'invalid-email',
      phone: 'invalid-phone',
      dateOfBirth: 'date-in-future',
    });
    // A number typed but invalid leaves the form's phone empty: the input's problem wins over "required".
    expect(
      flow.detailsErrors(
        {...ok, phone: '', dateOfBirth: ''},
        {...opts, phoneProblem: 'invalid-phone', dateProblem: 'invalid-date'},
      ),
    ).toEqual({phone: 'invalid-phone', dateOfBirth: 'invalid-date'});
    // One-letter names and 100 characters are fine.
    expect(flow.detailsErrors({...ok, givenName: 'A', familyName: 'ñ'.repeat(100)}, opts)).toEqual({});
  });
});
