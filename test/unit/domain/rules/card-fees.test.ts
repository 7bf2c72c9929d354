import {describe, expect, it} from 'vitest';
import {
  authorizationFor,
  cardAuthorizationAmount,
  cardText,
  cardToAuthorize,
  chargeFee,
  feeChargeable,
  lateCancellationFee,
  noShowFee,
  type CardAuthorization,
  type ChargeableCard,
} from '../../../../src/domain/rules/card-fees.js';
import {
  billedVisitOf,
  buildInvoice,
  feeLine,
  invoiceForVisit,
  type BillingProfile,
} from '../../../../src/domain/rules/billing.js';
import {patientCancellation} from '../../../../src/domain/rules/appointments.js';
import {PaymentFailedError, ValidationError} from '../../../../src/domain/errors.js';
import {feeChargeVars} from '../../../../src/domain/message-texts.js';
import type {Clinic, Money} from '../../../../src/domain/types.js';

const mxn = (major: number): Money => ({amountMinor: major * 100, currency: 'MXN'});
const policy = (p: Partial<Clinic['cancellation']>): Pick<Clinic, 'cancellation'> => ({
  cancellation: {windowHours: 24, text: {en: ''}, acceptanceRequired: true, ...p},
});
const NOW = Date.UTC(2026, 11, 6, 16);
const HOUR = 3_600_000;
const card = (id: string, isDefault: boolean, declinesCharges = false, last4 = '4242'): ChargeableCard => ({
  card: {id, brand: 'visa', last4, expMonth: 12, expYear: 2029, isDefault},
  declinesCharges,
});
const auth = (cardId: string): CardAuthorization => ({
  cardId,
  brand: 'visa',
  last4: '4242',
  amount: mxn(300),
  provider: 'demo',
  at: '2026-12-01T10:00:00-06:00',
});

describe('booking with a card on file: rules', () => {
  it('needs a card when the clinic charges a late or no-show fee and the visit takes no deposit, signed in', () => {
    expect(cardAuthorizationAmount(policy({lateFee: mxn(300)}), null, true)).toEqual(mxn(300));
    expect(cardAuthorizationAmount(policy({noShowFee: mxn(450)}), null, true)).toEqual(mxn(450));
    // The larger of the two is authorized.
    expect(cardAuthorizationAmount(policy({lateFee: mxn(300), noShowFee: mxn(450)}), null, true)).toEqual(
      mxn(450),
    );
    // A deposit covers it; no fee, no card; a guest keeps no card.
    expect(cardAuthorizationAmount(policy({lateFee: mxn(300)}), mxn(500), true)).toBeNull();
    expect(cardAuthorizationAmount(policy({}), null, true)).toBeNull();
    expect(cardAuthorizationAmount(policy({lateFee: mxn(0)}), null, true)).toBeNull();
    expect(cardAuthorizationAmount(policy({lateFee: mxn(300)}), null, false)).toBeNull();
  });

  it('authorizes the named card or the default; a declining or expired card refuses; none saved asks for one', () => {
    const cards = [card('card_a', false, false, '1111'), card('card_b', true)];
    expect(cardToAuthorize(cards, undefined, NOW).id).toBe('card_b');
    expect(cardToAuthorize(cards, 'card_a', NOW).id).toBe('card_a');
    expect(() => cardToAuthorize(cards, 'card_zzz', NOW)).toThrow(ValidationError);
    expect(() => cardToAuthorize(cards, 'not a card id', NOW)).toThrow(ValidationError);
    expect(() => cardToAuthorize([], undefined, NOW)).toThrow(
      expect.objectContaining({fields: {cardId: 'required'}}),
    );
    expect(() => cardToAuthorize([card('card_x', true, true)], undefined, NOW)).toThrow(PaymentFailedError);
    const expired: ChargeableCard = {
      card: {...card('card_e', true).card, expYear: 2025},
      declinesCharges: false,
    };
    expect(() => cardToAuthorize([expired], undefined, NOW)).toThrow(PaymentFailedError);
    expect(authorizationFor(cards[1]!.card, mxn(300), 'demo', 'T')).toEqual({
      cardId: 'card_b',
      brand: 'visa',
      last4: '4242',
      amount: mxn(300),
      provider: 'demo',
      at: 'T',
    });
  });

  it('charges a late cancellation only for the patient’s own late cancellation of a visit she booked with a card', () => {
    const clinic = {
      ...policy({lateFee: mxn(300)}),
      timeZone: 'America/Mexico_City',
    } as unknown as Clinic;
    const start = NOW + 2 * HOUR;
    const late = patientCancellation(clinic, {start, ownerVerified: true}, NOW, 'r', undefined);
    const inTime = patientCancellation(
      clinic,
      {start: NOW + 48 * HOUR, ownerVerified: true},
      NOW,
      'r',
      undefined,
    );
    const withCard = {status: 'booked', start, ownerVerified: true, cardAuthorization: auth('card_b')};
    expect(lateCancellationFee(withCard, late)).toEqual(mxn(300));
    expect(lateCancellationFee(withCard, inTime)).toBeNull();
    // Booked without a card (the clinic made it, or before the policy): never charged.
    expect(lateCancellationFee({...withCard, cardAuthorization: undefined}, late)).toBeNull();
    // A guest booking not yet the account's; a cancellation by the clinic; one already charged.
    expect(lateCancellationFee({...withCard, ownerVerified: false}, late)).toBeNull();
    expect(lateCancellationFee(withCard, {...late, by: 'clinic'})).toBeNull();
    const charged = {...withCard, feeCharge: {kind: 'late-cancellation' as const, amount: mxn(300), at: 'T'}};
    expect(feeChargeable(charged)).toBe(false);
    expect(lateCancellationFee(charged, late)).toBeNull();
  });

  it('marks a no-show only once the visit started, charging the no-show fee under the same conditions', () => {
    const clinic = policy({lateFee: mxn(300), noShowFee: mxn(400)});
    const started = {
      status: 'booked',
      start: NOW - HOUR,
      ownerVerified: true,
      cardAuthorization: auth('card_b'),
    };
    expect(noShowFee(clinic, started, NOW)).toEqual(mxn(400));
    expect(noShowFee(policy({lateFee: mxn(300)}), started, NOW)).toBeNull();
    expect(noShowFee(clinic, {...started, cardAuthorization: undefined}, NOW)).toBeNull();
    expect(() => noShowFee(clinic, {...started, start: NOW + HOUR}, NOW)).toThrow(ValidationError);
    expect(() => noShowFee(clinic, {...started, status: 'cancelled'}, NOW)).toThrow(ValidationError);
  });

  it('charges the authorized card; else the default; else records the fee as due', () => {
    const a = auth('card_a');
    const both = [card('card_a', false, false, '1111'), card('card_b', true)];
    expect(chargeFee('late-cancellation', mxn(300), a, both, NOW, 'T').card).toEqual({
      cardId: 'card_a',
      brand: 'visa',
      last4: '1111',
    });
    // The authorized card removed, or now declining: the default.
    expect(chargeFee('no-show', mxn(300), a, [card('card_b', true)], NOW, 'T').card?.cardId).toBe('card_b');
    expect(
      chargeFee('no-show', mxn(300), a, [card('card_a', false, true), card('card_b', true)], NOW, 'T').card
        ?.cardId,
    ).toBe('card_b');
    const due = chargeFee('no-show', mxn(300), a, [], NOW, 'T');
    expect(due).toEqual({kind: 'no-show', amount: mxn(300), at: 'T'});
  });

  it('names the card and the fee in the patient’s language, never more than brand and last four', () => {
    expect(cardText({brand: 'visa', last4: '4242'}, 'en')).toBe('Visa ending 4242');
    expect(cardText({brand: 'mastercard', last4: '4444'}, 'es')).toBe('Mastercard terminada en 4444');
    expect(cardText({brand: 'other', last4: '0001'}, 'es')).toBe('Tarjeta terminada en 0001');
    const vars = feeChargeVars(
      {
        kind: 'late-cancellation',
        amount: mxn(300),
        at: 'T',
        card: {cardId: 'card_b', brand: 'visa', last4: '4242'},
      },
      'es',
    );
    expect(vars).toEqual({
      fee: expect.stringMatching(/300\.00/),
      charge: 'Cargo por cancelación tardía',
      card: 'Visa terminada en 4242',
    });
    expect(feeChargeVars({kind: 'no-show', amount: mxn(300), at: 'T'}, 'en').card).toBe('');
  });
});

describe('the invoice line of a fee', () => {
  const profile = (country: string, taxes: BillingProfile['taxes']): BillingProfile => ({
    legalName: 'Clínica',
    address: 'Calle 1',
    country,
    taxes,
    numberPrefix: 'F-',
  });
  const IVA_MX = profile('MX', [{id: 'iva', label: 'IVA 16 %', basisPoints: 1600}]);
  const IVA_ES = profile('ES', [{id: 'iva', label: 'IVA 21 %', basisPoints: 2100}]);
  const US = profile('US', []);

  for (const [name, p, currency, serviceTax] of [
    ['MXN with 16 % IVA', IVA_MX, 'MXN', 5333], // 333.33 × 16 % = 53.3328 → 53.33
    ['EUR with 21 % IVA', IVA_ES, 'EUR', 7000], // 333.33 × 21 % = 69.9993 → 70.00
    ['USD with no tax', US, 'USD', 0],
  ] as const) {
    it(`bills the fee as quoted, with no tax added, beside taxed services (${name})`, () => {
      const fee = {amountMinor: 30000, currency};
      const only = buildInvoice(p, {
        id: 'inv_1',
        number: 'F-2026-0001',
        date: '2026-12-06',
        currency,
        billTo: {name: 'Ana'},
        lines: [feeLine('late-cancellation', fee)],
        payments: [],
      });
      expect(only).toMatchObject({subtotalMinor: 30000, taxMinor: 0, totalMinor: 30000, taxes: []});
      const mixed = buildInvoice(p, {
        id: 'inv_2',
        number: 'F-2026-0002',
        date: '2026-12-06',
        currency,
        billTo: {name: 'Ana'},
        lines: [
          {
            description: {en: 'Visit'},
            quantity: 1,
            unitPriceMinor: 33333,
            taxIds: p.taxes.map((t) => t.id),
            kind: 'service',
          },
          feeLine('no-show', fee),
        ],
        payments: [],
      });
      expect(mixed.taxMinor).toBe(serviceTax);
      expect(mixed.totalMinor).toBe(33333 + 30000 + serviceTax);
      expect(mixed.lines[1]).toMatchObject({
        kind: 'fee',
        amountMinor: 30000,
        description: {en: 'No-show fee'},
      });
    });
  }

  it('bills a charged fee paid, by card; one no card took is due', () => {
    const services = [{id: 'svc', name: {en: 'Consulta'}, price: mxn(800)}] as never;
    const instant = (ms: number) => new Date(ms).toISOString();
    const record = {
      id: 'apt_1',
      status: 'no-show' as const,
      start: NOW - HOUR,
      serviceIds: ['svc'],
      providerId: 'p',
      feeCharge: {
        kind: 'no-show' as const,
        amount: mxn(300),
        at: '2026-12-06T10:05:00-06:00',
        card: {cardId: 'card_b', brand: 'visa' as const, last4: '4242'},
      },
    };
    const ids = {id: 'inv_1', number: 'F-2026-0001', date: '2026-12-06' as const};
    const paid = invoiceForVisit(
      IVA_MX,
      'MXN',
      billedVisitOf(record, policy({}) as never, services, instant),
      ids,
      {name: 'Ana'},
    )!;
    expect(paid).toMatchObject({totalMinor: 30000, paidMinor: 30000, balanceDueMinor: 0, status: 'paid'});
    expect(paid.payments).toEqual([
      expect.objectContaining({kind: 'fee', amount: mxn(300), card: {brand: 'visa', last4: '4242'}}),
    ]);
    const {card: _none, ...declined} = record.feeCharge;
    const due = invoiceForVisit(
      IVA_MX,
      'MXN',
      billedVisitOf({...record, feeCharge: declined}, policy({}) as never, services, instant),
      ids,
      {name: 'Ana'},
    )!;
    expect(due).toMatchObject({totalMinor: 30000, paidMinor: 0, balanceDueMinor: 30000, status: 'unpaid'});
    // A visit that took place bills its services, never a fee.
    const fulfilled = invoiceForVisit(
      IVA_MX,
      'MXN',
      billedVisitOf(
        {...record, status: 'fulfilled', feeCharge: undefined},
        policy({}) as never,
        services,
        instant,
      ),
      ids,
      {name: 'Ana'},
    )!;
    expect(fulfilled.lines.map((l) => l.kind)).toEqual(['service']);
  });
});
