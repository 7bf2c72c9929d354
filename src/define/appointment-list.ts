import {AppointmentList} from '../elements/appointment-list/appointment-list.js';
import {defineElement} from './define-element.js';

defineElement('appointment-list', AppointmentList);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {AppointmentList} from '../elements/appointment-list/appointment-list.js';
