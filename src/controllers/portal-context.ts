import {createContext} from '@lit/context';
import type {PortalAdapter, PortalPerson} from '../adapters/adapter.js';
import type {SessionStore} from './session-store.js';

/** What `<patient-portal>` provides to the elements inside it. */
export interface PortalContextValue {
  readonly adapter?: PortalAdapter;
  readonly session?: SessionStore;
  /**
   * The family member whose record the elements show (family members, #21): set while the
   * signed-in patient acts for a dependent, when `adapter` is the backend acting for that person;
   * absent for the patient herself.
   */
  readonly person?: PortalPerson;
  /** The portal's forced colour scheme, inherited by elements that set none. */
  readonly colorScheme?: 'light' | 'dark';
  /** Still loading the portal's backend. */
  readonly loading: boolean;
}

export const portalContext = createContext<PortalContextValue>(Symbol.for('patient-portal-elements/portal'));
