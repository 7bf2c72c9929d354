import {TelehealthJoin} from '../elements/telehealth-join/telehealth-join.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/telehealth-join.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('telehealth-join', messages);
defineElement('telehealth-join', TelehealthJoin);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {TelehealthJoin} from '../elements/telehealth-join/telehealth-join.js';
