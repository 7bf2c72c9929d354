import {PatientProfile} from '../elements/patient-profile/patient-profile.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/patient-profile.js';
import {defineElement} from './define-element.js';
// The date of birth and the new mobile number use the shared inputs.
import './portal-date-input.js';
import './portal-phone-input.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('patient-profile', messages);
defineElement('patient-profile', PatientProfile);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PatientProfile} from '../elements/patient-profile/patient-profile.js';
