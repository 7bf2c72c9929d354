import {DeviceCheck} from '../elements/device-check/device-check.js';
import {defineElement} from './define-element.js';

defineElement('device-check', DeviceCheck);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {DeviceCheck} from '../elements/device-check/device-check.js';
