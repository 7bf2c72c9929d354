import {PatientLogin} from '../elements/patient-login/patient-login.js';
import {defineElement} from './define-element.js';

defineElement('patient-login', PatientLogin);
