import {PatientLogin} from '../elements/patient-login/patient-login.js';
import {defineElement} from './define-element.js';

defineElement('patient-login', PatientLogin);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PatientLogin} from '../elements/patient-login/patient-login.js';
