import {PatientMessages} from '../elements/patient-messages/patient-messages.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/patient-messages.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('patient-messages', messages);
defineElement('patient-messages', PatientMessages);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PatientMessages} from '../elements/patient-messages/patient-messages.js';
