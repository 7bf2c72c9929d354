/**
 * Seeding an empty database: the clinic's configuration, a calendar per provider, the seeded
 * patients (passwords hashed), their appointments (as of the server's clock now) and invitations;
 * then the reminders already due go out, as the demo adapter's do.
 */
import {
  servicesIn,
  seededCancellation,
  seededSignature,
  sniffContentType,
} from '../../src/domain/rules/index.js';
import {emailKey} from '../../src/domain/rules/index.js';
import type {Language} from '../../src/domain/types.js';
import {storeClinicConfig, toClinicConfig} from '../clinic-config.js';
import {hashPassword} from '../passwords.js';
import {ensureCalendar} from '../repositories/calendars.js';
import {insertConversation, insertMessage} from '../repositories/conversations.js';
import {insertDocument} from '../repositories/documents.js';
import {withStoredBytes} from './documents.js';
import {seededPrescription} from '../../src/domain/rules/document-details.js';
import {insertConsentSignature} from '../repositories/forms.js';
import {insertSeedPatient} from '../repositories/patients.js';
import {token} from '../tokens.js';
import {seedInvitation} from './accounts.js';
import {createAppointment} from './appointment-records.js';
import {seedPaidAtVisit} from './billing.js';
import {seedCard} from './cards.js';
import {seedMedical} from './medical.js';
import {seedInsurance} from './insurance.js';
import {seedPhoto} from './photos.js';
import {setProxyGrant} from './proxy.js';
import type {AppointmentRow} from '../repositories/appointments.js';
import {type PortalContext} from './context.js';
import {sendDueReminders} from './reminders.js';

/**
 * The seeded accounts' password hashes, one per password for the life of the process: their
 * passwords are published (demo accounts, test fixtures), so a shared salt gives nothing away, and
 * a reset (the contract suites reset before every test) costs no scrypt hash.
 */
const seededHashes = new Map<string, Promise<string>>();
const seededHash = (password: string): Promise<string> => {
  let hash = seededHashes.get(password);
  if (!hash) {
    hash = hashPassword(password);
    // A failed hash is not remembered.
    hash.catch(() => seededHashes.delete(password));
    seededHashes.set(password, hash);
  }
  return hash;
};

export async function seed(s: PortalContext): Promise<void> {
  const now = s.clock();
  const data = s.data;
  const documents = (await data.loadDocuments?.()) ?? [];
  const conversations = (await data.loadConversations?.()) ?? [];
  const billing = await data.loadBilling?.();
  const consents = data.consents ?? (await data.loadForms?.())?.consents;
  const paidAtVisit = new Set(billing?.paidAtVisit ?? []);
  await s.db.transaction(async (q) => {
    await storeClinicConfig(q, toClinicConfig(data));
    for (const p of data.catalog.providers) await ensureCalendar(q, p.id);
    const ids = new Map<string, string>();
    const invited: {id: string; email: string; givenName: string; language: Language}[] = [];
    for (const p of data.patients ?? []) {
      const id = `pat_${token(12)}`;
      ids.set(p.key, id);
      if (p.invite) invited.push({id, email: p.email, givenName: p.givenName, language: p.language});
      await insertSeedPatient(q, {
        id,
        // A dependent without an account (a child) has her guardian's email: never a sign-in key.
        emailKey: p.dependentOf ? `dependent:${id}` : emailKey(p.email),
        details: {...p, phone: p.phone ?? null},
        onboardingDone: p.onboardingDone ?? false,
        passwordHash: p.password !== undefined ? await seededHash(p.password) : null,
        prefs: p.reminderPreferences ? {email: p.email, ...p.reminderPreferences} : null,
      });
    }
    // Family members (#21): the seeded holders' grants for their dependents.
    for (const p of data.patients ?? []) {
      const holderId = p.dependentOf && ids.get(p.dependentOf.holderKey);
      if (holderId && p.dependentOf)
        await setProxyGrant(s, holderId, ids.get(p.key)!, p.dependentOf, 'seed', q);
    }
    const paid: AppointmentRow[] = [];
    for (const a of data.appointments?.(now) ?? []) {
      const patientId = ids.get(a.patientKey);
      const patient = (data.patients ?? []).find((p) => p.key === a.patientKey);
      if (!patientId || !patient) continue;
      const row = await createAppointment(s, q, {
        patientId,
        services: servicesIn(data, a.serviceIds),
        providerId: a.providerId,
        start: a.start,
        status: a.status,
        locationId: a.locationId,
        forms: a.forms,
        depositPaid: a.depositPaid,
        seeded: true,
        cancellation: seededCancellation(a.cancellation, data.clinic.timeZone),
      });
      if (paidAtVisit.has(a.key)) paid.push(row);
      // Consents seeded as signed carry their signature, as in the demo clinic in memory (#18).
      for (const item of row.items) {
        const seeded = seededSignature(item, consents, patient, a.start);
        if (seeded)
          await insertConsentSignature(q, {
            item_id: item.id,
            appointment_id: row.id,
            patient_id: patientId,
            consent_id: seeded.consentId,
            version: seeded.version,
            typed_name: seeded.typedName,
            signed_ms: seeded.signedMs,
          });
      }
    }
    // The seeded visits paid in full at the desk (#20): their invoices, with that payment.
    await seedPaidAtVisit(s, q, paid);
    // The seeded patients' cards on file (#20), as the demo clinic in memory has them.
    for (const c of billing?.cards ?? []) {
      const patientId = ids.get(c.patientKey);
      if (patientId) await seedCard(s, q, patientId, c.cardNumber);
    }
    // The seeded patients' medical information (#17), as the demo clinic in memory has it.
    for (const m of data.medical ?? []) {
      const patientId = ids.get(m.patientKey);
      if (patientId) await seedMedical(s, q, patientId, m.entries);
    }
    // The seeded patients' insurance cards (#17), as the demo clinic in memory has them.
    for (const m of data.insurance ?? []) {
      const patientId = ids.get(m.patientKey);
      if (patientId) await seedInsurance(s, q, patientId, m.cards);
    }
    // The seeded patients' profile photos (#17), as the demo clinic in memory has them.
    for (const m of data.photos ?? []) {
      const patientId = ids.get(m.patientKey);
      if (patientId) await seedPhoto(s, q, patientId, m.content);
    }
    for (const d of documents) {
      const patientId = ids.get(d.patientKey);
      const content = Buffer.from(d.content, 'base64');
      const type = sniffContentType(content);
      if (!patientId || type === undefined || type === 'heic') continue;
      await withStoredBytes(s, content, (where) =>
        insertDocument(q, {
          id: `doc_${token(15)}`,
          patient_id: patientId,
          folder: d.folder,
          category: null,
          file_name: d.fileName,
          content_type: type,
          size: content.length,
          author: d.author,
          note: d.note ?? null,
          created_ms: now - d.daysAgo * 24 * 60 * 60 * 1000,
          opened_ms: null,
          ...where,
          results: d.results ?? null,
          prescription:
            seededPrescription(d, now - d.daysAgo * 24 * 60 * 60 * 1000, data.clinic.timeZone) ?? null,
        }),
      );
    }
    // The seeded patients' conversations with the clinic (#21), as of the clock now.
    for (const c of conversations) {
      const patientId = ids.get(c.patientKey);
      const patient = (data.patients ?? []).find((p) => p.key === c.patientKey);
      if (!patientId || !patient || c.messages.length === 0) continue;
      const id = `cnv_${token(15)}`;
      const at = (m: {minutesAgo: number}) => now - m.minutesAgo * 60_000;
      await insertConversation(q, {
        id,
        patient_id: patientId,
        topic: c.topic,
        started_ms: at(c.messages[0]!),
        read_ms: c.read ? now : null,
      });
      for (const m of c.messages)
        await insertMessage(q, {
          id: `msg_${token(15)}`,
          conversation_id: id,
          role: m.role,
          author: m.role === 'patient' ? `${patient.givenName} ${patient.familyName}` : (m.author ?? ''),
          title: m.title ?? null,
          body: m.body,
          sent_ms: at(m),
        });
    }
    for (const inv of invited) await seedInvitation(s, q, inv, now);
  });
  // The reminders already due for the seeded appointments go out with the seed, as the demo's do.
  await sendDueReminders(s);
}
