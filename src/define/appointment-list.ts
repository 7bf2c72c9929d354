import {AppointmentList} from '../elements/appointment-list/appointment-list.js';
import {defineElement} from './define-element.js';

defineElement('appointment-list', AppointmentList);
