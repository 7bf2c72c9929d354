import {PaymentStep} from '../elements/payment-step/payment-step.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/portal-payment-step.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('portal-payment-step', messages);
defineElement('portal-payment-step', PaymentStep);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PaymentStep} from '../elements/payment-step/payment-step.js';
