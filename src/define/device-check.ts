import {DeviceCheck} from '../elements/device-check/device-check.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/device-check.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('device-check', messages);
defineElement('device-check', DeviceCheck);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {DeviceCheck} from '../elements/device-check/device-check.js';
