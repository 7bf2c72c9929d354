import {AddToCalendar} from '../elements/add-to-calendar/add-to-calendar.js';
import {defineElement} from './define-element.js';

defineElement('portal-add-to-calendar', AddToCalendar);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {AddToCalendar} from '../elements/add-to-calendar/add-to-calendar.js';
