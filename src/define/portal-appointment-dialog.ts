import {AppointmentDialog} from '../elements/appointment-list/appointment-dialog.js';
import {defineElement} from './define-element.js';

defineElement('portal-appointment-dialog', AppointmentDialog);
