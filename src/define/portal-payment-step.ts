import {PaymentStep} from '../elements/payment-step/payment-step.js';
import {defineElement} from './define-element.js';

defineElement('portal-payment-step', PaymentStep);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PaymentStep} from '../elements/payment-step/payment-step.js';
