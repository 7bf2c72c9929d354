import {PatientPortal} from '../elements/patient-portal/patient-portal.js';
import {defineElement} from './define-element.js';

defineElement('patient-portal', PatientPortal);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PatientPortal} from '../elements/patient-portal/patient-portal.js';
