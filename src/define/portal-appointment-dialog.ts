import {AppointmentDialog} from '../elements/appointment-list/appointment-dialog.js';
import {defineElement} from './define-element.js';

defineElement('portal-appointment-dialog', AppointmentDialog);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {AppointmentDialog} from '../elements/appointment-list/appointment-dialog.js';
