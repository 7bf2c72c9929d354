import {ReminderPrefs} from '../elements/reminder-prefs/reminder-prefs.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/reminder-prefs.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('reminder-prefs', messages);
defineElement('reminder-prefs', ReminderPrefs);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {ReminderPrefs} from '../elements/reminder-prefs/reminder-prefs.js';
