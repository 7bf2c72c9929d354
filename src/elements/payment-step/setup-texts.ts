/**
 * The payment step's texts when it saves a card (`mode: 'setup'`): one set for every element that
 * lets the patient save a card (`<patient-billing>`'s "Add a card", `<booking-widget>`'s review
 * when the clinic keeps a card on file), loaded with the payment step (its catalog piece).
 */
import {msg} from '@lit/localize';
import type {SetupTexts} from '../../payments/payment-types.js';

export function cardSetupTexts(): SetupTexts {
  return {
    due: msg('Save a card with the clinic. Nothing is charged now.', {id: 'billing-card-setup-due'}),
    button: msg('Save card', {id: 'billing-card-setup-button'}),
    busy: msg('Saving the card…', {id: 'billing-card-setup-busy'}),
    done: msg('Your card has been saved.', {id: 'billing-card-setup-done'}),
    legend: msg('Test card to save', {id: 'billing-card-setup-legend'}),
    mastercard: msg('Test Mastercard that succeeds (5555\u00a0…\u00a04444)', {
      id: 'billing-card-setup-mastercard',
    }),
    chargeDeclines: msg('Test card that saves, but later charges are declined (4000\u00a0…\u00a00341)', {
      id: 'billing-card-setup-charge-declines',
    }),
  };
}
