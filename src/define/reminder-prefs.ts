import {ReminderPrefs} from '../elements/reminder-prefs/reminder-prefs.js';
import {defineElement} from './define-element.js';

defineElement('reminder-prefs', ReminderPrefs);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {ReminderPrefs} from '../elements/reminder-prefs/reminder-prefs.js';
