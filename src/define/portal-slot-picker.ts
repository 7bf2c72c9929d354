import {SlotPicker} from '../elements/slot-picker/slot-picker.js';
import {defineElement} from './define-element.js';

defineElement('portal-slot-picker', SlotPicker);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {SlotPicker} from '../elements/slot-picker/slot-picker.js';
