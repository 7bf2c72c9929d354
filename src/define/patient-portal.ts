import {PatientPortal} from '../elements/patient-portal/patient-portal.js';
import {defineElement} from './define-element.js';

defineElement('patient-portal', PatientPortal);
