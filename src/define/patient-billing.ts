import {PatientBilling} from '../elements/patient-billing/patient-billing.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/patient-billing.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('patient-billing', messages);
defineElement('patient-billing', PatientBilling);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PatientBilling} from '../elements/patient-billing/patient-billing.js';
