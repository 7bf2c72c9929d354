import {PatientLogin} from '../elements/patient-login/patient-login.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/patient-login.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('patient-login', messages);
defineElement('patient-login', PatientLogin);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PatientLogin} from '../elements/patient-login/patient-login.js';
