import {WaitlistPanel} from '../elements/appointment-list/waitlist-panel.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/portal-waitlist.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('portal-waitlist', messages);
defineElement('portal-waitlist', WaitlistPanel);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {WaitlistPanel} from '../elements/appointment-list/waitlist-panel.js';
