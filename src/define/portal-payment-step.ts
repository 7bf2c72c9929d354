import {PaymentStep} from '../elements/payment-step/payment-step.js';
import {defineElement} from './define-element.js';

defineElement('portal-payment-step', PaymentStep);
