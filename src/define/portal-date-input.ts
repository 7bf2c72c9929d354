import {DateInput} from '../elements/inputs/date-input.js';
import {defineElement} from './define-element.js';

defineElement('portal-date-input', DateInput);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {DateInput} from '../elements/inputs/date-input.js';
