import {PatientForms} from '../elements/patient-forms/patient-forms.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/patient-forms.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('patient-forms', messages);
defineElement('patient-forms', PatientForms);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PatientForms} from '../elements/patient-forms/patient-forms.js';
