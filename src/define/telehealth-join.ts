import {TelehealthJoin} from '../elements/telehealth-join/telehealth-join.js';
import {defineElement} from './define-element.js';

defineElement('telehealth-join', TelehealthJoin);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {TelehealthJoin} from '../elements/telehealth-join/telehealth-join.js';
