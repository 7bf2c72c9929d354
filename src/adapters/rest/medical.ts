/**
 * The REST adapter's medical information (#17), in a chunk of its own: `RestAdapter` installs these
 * on its prototype from `MEDICAL_OPERATIONS` and loads this module on the first call. Each runs as a
 * method of the adapter (`this`), through its one transport (`this.call`). What the patient wrote
 * travels in the request body, never in the URL (only the list's name and the entry's id do).
 */
import type {MedicalEntry, MedicalFields, MedicalInfo, MedicalList} from '../../domain/rules/medical.js';
import type {RequestOptions} from '../adapter.js';
import type {Transport} from './wire.js';

// The document describes one entry shape for the four lists (every field optional), so an answer
// cannot be checked against one list's type at compile time: the server answers the domain's own
// entries (`rules/medical.ts`), and the contract suite checks they come back as sent.

export function getMedicalInfo(this: Transport, options?: RequestOptions): Promise<MedicalInfo> {
  return this.call<'getMedicalInfo'>({method: 'GET', path: '/medical'}, options) as Promise<MedicalInfo>;
}

export function addMedicalEntry<L extends MedicalList>(
  this: Transport,
  list: L,
  entry: MedicalFields[L],
  options?: RequestOptions,
): Promise<MedicalEntry<L>> {
  return this.call<'addMedicalEntry'>(
    {method: 'POST', path: `/medical/${encodeURIComponent(list)}`, body: entry},
    options,
  ) as Promise<MedicalEntry<L>>;
}

export function updateMedicalEntry<L extends MedicalList>(
  this: Transport,
  list: L,
  id: string,
  entry: MedicalFields[L],
  options?: RequestOptions,
): Promise<MedicalEntry<L>> {
  return this.call<'updateMedicalEntry'>(
    {method: 'PUT', path: `/medical/${encodeURIComponent(list)}/${encodeURIComponent(id)}`, body: entry},
    options,
  ) as Promise<MedicalEntry<L>>;
}

export async function removeMedicalEntry(
  this: Transport,
  list: MedicalList,
  id: string,
  options?: RequestOptions,
): Promise<void> {
  await this.call<'removeMedicalEntry'>(
    {method: 'DELETE', path: `/medical/${encodeURIComponent(list)}/${encodeURIComponent(id)}`},
    options,
  );
}

// Insurance cards (#17) load with this chunk: the profile shows both.
export {
  addInsuranceCard,
  listInsuranceCards,
  removeInsuranceCard,
  setPrimaryInsuranceCard,
  updateInsuranceCard,
} from './insurance.js';

// The profile photo (#17) too.
export {
  getInsuranceCardPhoto,
  getProfilePhoto,
  removeInsuranceCardPhoto,
  removeProfilePhoto,
  uploadInsuranceCardPhoto,
  removeSecurityAnswer,
  setSecurityAnswer,
  uploadProfilePhoto,
} from './photo.js';

// The profile's own operations (details, email, password, sessions) too: `PROFILE_OPERATIONS`.
export {
  changePassword,
  confirmEmailChange,
  getProfile,
  listSessions,
  requestEmailChange,
  signOutOtherSessions,
  updateProfile,
} from './profile.js';
