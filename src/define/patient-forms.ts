import {PatientForms} from '../elements/patient-forms/patient-forms.js';
import {defineElement} from './define-element.js';

defineElement('patient-forms', PatientForms);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PatientForms} from '../elements/patient-forms/patient-forms.js';
