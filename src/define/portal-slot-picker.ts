import {SlotPicker} from '../elements/slot-picker/slot-picker.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/portal-slot-picker.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('portal-slot-picker', messages);
defineElement('portal-slot-picker', SlotPicker);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {SlotPicker} from '../elements/slot-picker/slot-picker.js';
