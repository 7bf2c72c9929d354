import {createContext} from '@lit/context';
import type {PortalAdapter} from '../adapters/adapter.js';
import type {SessionStore} from './session-store.js';

/** What `<patient-portal>` provides to the elements inside it. */
export interface PortalContextValue {
  readonly adapter?: PortalAdapter;
  readonly session?: SessionStore;
  /** The portal's forced colour scheme, inherited by elements that set none. */
  readonly colorScheme?: 'light' | 'dark';
  /** Still loading the portal's backend. */
  readonly loading: boolean;
}

export const portalContext = createContext<PortalContextValue>(Symbol.for('patient-portal-elements/portal'));
