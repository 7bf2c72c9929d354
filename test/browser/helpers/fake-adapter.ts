/** A minimal adapter for element-infrastructure tests: every call counted, nothing else real. */
import {UnavailableAdapter} from '../../../src/adapters/unavailable.js';
import type {Capabilities, PortalAdapter, Session} from '../../../src/adapters/adapter.js';

export function fakeAdapter(options: {demo?: boolean; session?: Session | null} = {}): PortalAdapter & {
  calls: string[];
} {
  const base = new UnavailableAdapter('fake', 'not-implemented');
  const calls: string[] = [];
  const caps: Capabilities = {
    signIn: {kind: 'password'},
    selfRegistration: true,
    invitations: true,
    passwordReset: true,
    secondFactor: false,
    smsCodes: true,
    payments: false,
    holds: true,
    confirm: true,
    cancel: true,
    reschedule: true,
    telehealth: true,
    reminderChannels: ['sms'],
    testReminder: false,
    reminderLinks: true,
  };
  const session = options.session ?? null;
  // Not an UnavailableAdapter instance: a plain object with the same methods, so it counts as usable.
  const adapter = Object.create(null) as PortalAdapter & {calls: string[]};
  for (const key of Object.getOwnPropertyNames(base)) {
    Object.assign(adapter, {[key]: (base as unknown as Record<string, unknown>)[key]});
  }
  Object.assign(adapter, {
    kind: 'fake',
    demo: options.demo ?? false,
    calls,
    getCapabilities: async () => (calls.push('getCapabilities'), caps),
    getSession: async () => (calls.push('getSession'), session),
    extendSession: async () => (calls.push('extendSession'), session),
    signOut: async () => void calls.push('signOut'),
  });
  return adapter;
}
