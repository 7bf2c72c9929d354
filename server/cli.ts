/**
 * The clinic's commands for the reference server (same database settings as `npm run server`:
 * `DATABASE_URL`, or PGlite in `PORTAL_DATA_DIR`, default `.data/pglite`).
 *
 *   npm run server:load-clinic -- clinic.json     check a clinic configuration file and load it
 *   npm run server:load-clinic -- --check clinic.json   only check it
 *   npm run server:invite -- --email ana@example.com --given Ana --family García \
 *       --dob 1990-05-01 --lang es [--phone +525512345678]
 *                                                  invite a patient (the email goes out with the
 *                                                  server's next delivery run)
 *   npm run server:no-show -- --appointment apt_…   the clinic marks a visit a no-show: the no-show
 *                                                  fee is charged to the card the patient put on
 *                                                  file when she booked it (emailed, invoiced)
 *   npm run server:review-medical -- --patient pat_…  the clinic has reviewed the patient's medical
 *                                                  entries: those "reported by you" are marked
 *                                                  reviewed (audited medical.reviewed)
 *   npm run server:grant -- --holder pat_… --dependent pat_… --scope full|appointments \
 *     --relationship daughter|son|child|mother|father|partner|other   (or --revoke)
 *   npm run server:add-document -- --patient pat_… --folder results|prescriptions|reports|images \
 *       --file ./informe.pdf [--name "Informe.pdf"] [--author "Dra. Ramírez"]
 *                                                  the clinic adds a document for a patient (PDF,
 *                                                  JPEG or PNG by its bytes); she is emailed that a
 *                                                  document is waiting, never its name or content
 *   npm run server:rotate-document-key              re-seal every document's file under
 *                                                  PORTAL_DOCUMENTS_KEY (the earlier keys in
 *                                                  PORTAL_DOCUMENTS_OLD_KEYS); resumable, safe to run
 *                                                  twice or while the server runs
 *   npm run server:move-documents-to-files          move documents stored in the database (from
 *                                                  before PORTAL_DOCUMENTS_DIR) into the folder
 *   npm run server:export-demo -- file.json        write the demo clinic as a configuration file
 *   npm run server:reply -- --conversation cnv_… --name "Dra. Ramírez" [--title "Medicina general"] \
 *       --body "…" [--file ./receta.pdf …]         the clinic answers a patient's conversation, with
 *                                                  files if given (PDF, JPEG or PNG, as a patient's;
 *                                                  the patient is emailed that an answer is waiting,
 *                                                  never the answer)
 *
 * Nothing about patients is printed but their new id.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {basename} from 'node:path';
import {parseArgs} from 'node:util';
import {createDemoClinicData} from '../src/adapters/memory/demo-data.js';
import {demoForms} from '../src/adapters/memory/demo-forms.js';
import {isPortalError, ValidationError} from '../src/adapters/adapter.js';
import type {E164, Language, PlainDate} from '../src/domain/types.js';
import {
  loadStoredClinicConfig,
  readClinicConfig,
  storeClinicConfig,
  toClinicConfig,
} from './clinic-config.js';
import {openDb} from './db.js';
import {openDocumentFiles} from './document-files.js';
import {moveDocumentsToFiles, rotateDocumentKey} from './document-storage.js';
import {documentFilesFromEnv} from './env.js';
import {Portal} from './portal.js';

const [command, ...rest] = process.argv.slice(2);
const env = process.env;

async function database() {
  const dataDir = env.PORTAL_DATA_DIR ?? '.data/pglite';
  if (!env.DATABASE_URL && dataDir !== 'memory') mkdirSync(dataDir, {recursive: true});
  return openDb({
    url: env.DATABASE_URL,
    dataDir: env.DATABASE_URL || dataDir === 'memory' ? undefined : dataDir,
  });
}

async function main(): Promise<number> {
  if (command === 'load-clinic') {
    const {values, positionals} = parseArgs({
      args: rest,
      options: {check: {type: 'boolean'}},
      allowPositionals: true,
    });
    const file = positionals[0];
    if (!file) throw new Error('usage: load-clinic [--check] FILE');
    const config = readClinicConfig(file);
    const summary = `${config.clinic.name}: ${config.catalog.services.length} services, ${config.catalog.providers.length} providers, ${config.schedules.length} schedules`;
    if (values.check) {
      console.log(`valid: ${summary}`);
      return 0;
    }
    const db = await database();
    try {
      await db.transaction((q) => storeClinicConfig(q, config));
    } finally {
      await db.close();
    }
    console.log(`loaded: ${summary} (restart the server to serve it)`);
    return 0;
  }
  if (command === 'invite') {
    const {values} = parseArgs({
      args: rest,
      options: {
        email: {type: 'string'},
        given: {type: 'string'},
        family: {type: 'string'},
        dob: {type: 'string'},
        lang: {type: 'string', default: 'es'},
        phone: {type: 'string'},
      },
    });
    const db = await database();
    try {
      const data = (await loadStoredClinicConfig(db)) ?? {...createDemoClinicData(), ...demoForms()};
      const portal = new Portal({db, data, linkBase: env.PORTAL_LINK_BASE});
      const id = await portal.invite({
        email: values.email ?? '',
        givenName: values.given ?? '',
        familyName: values.family ?? '',
        dateOfBirth: (values.dob ?? '') as PlainDate,
        language: (values.lang === 'en' ? 'en' : values.lang === 'es' ? 'es' : values.lang) as Language,
        ...(values.phone ? {phone: values.phone as E164} : {}),
      });
      console.log(`invited: patient ${id}; the invitation email is in the outbox`);
    } finally {
      await db.close();
    }
    return 0;
  }
  if (command === 'reply') {
    const {values} = parseArgs({
      args: rest,
      options: {
        conversation: {type: 'string'},
        name: {type: 'string'},
        title: {type: 'string'},
        body: {type: 'string'},
        file: {type: 'string', multiple: true},
      },
    });
    if (!values.conversation || !values.name)
      throw new Error(
        'usage: reply --conversation ID --name NAME [--title TITLE] --body TEXT [--file PATH …]',
      );
    const attachments = (values.file ?? []).map((path) => ({
      fileName: basename(path),
      content: new Uint8Array(readFileSync(path)),
    }));
    const db = await database();
    try {
      const data = (await loadStoredClinicConfig(db)) ?? {...createDemoClinicData(), ...demoForms()};
      const portal = new Portal({db, data, linkBase: env.PORTAL_LINK_BASE});
      const message = await portal.replyAsClinic(values.conversation, values.body ?? '', {
        name: values.name,
        ...(values.title ? {title: values.title} : {}),
        ...(attachments.length > 0 ? {attachments} : {}),
      });
      console.log(`replied: message ${message.id}; the patient's notice is in the outbox`);
    } finally {
      await db.close();
    }
    return 0;
  }
  if (command === 'no-show') {
    const {values} = parseArgs({args: rest, options: {appointment: {type: 'string'}}});
    if (!values.appointment) throw new Error('usage: no-show --appointment ID');
    const db = await database();
    try {
      const data = (await loadStoredClinicConfig(db)) ?? {...createDemoClinicData(), ...demoForms()};
      const portal = new Portal({db, data, linkBase: env.PORTAL_LINK_BASE});
      const a = await portal.markNoShow(values.appointment);
      console.log(
        `marked no-show: ${a.id}${a.feeCharged ? `; fee ${a.feeCharged.card ? 'charged to the card on file' : 'due (the card declined)'}, the patient's email is in the outbox` : '; no fee'}`,
      );
    } finally {
      await db.close();
    }
    return 0;
  }
  if (command === 'review-medical') {
    const {values} = parseArgs({args: rest, options: {patient: {type: 'string'}}});
    if (!values.patient) throw new Error('usage: review-medical --patient ID');
    const db = await database();
    try {
      const data = (await loadStoredClinicConfig(db)) ?? {...createDemoClinicData(), ...demoForms()};
      const portal = new Portal({db, data, linkBase: env.PORTAL_LINK_BASE});
      const count = await portal.reviewMedicalEntries(values.patient);
      console.log(`reviewed: ${count} medical ${count === 1 ? 'entry' : 'entries'} of ${values.patient}`);
    } finally {
      await db.close();
    }
    return 0;
  }
  if (command === 'add-document') {
    const {values} = parseArgs({
      args: rest,
      options: {
        patient: {type: 'string'},
        folder: {type: 'string'},
        file: {type: 'string'},
        name: {type: 'string'},
        author: {type: 'string'},
      },
    });
    if (!values.patient || !values.folder || !values.file)
      throw new Error(
        'usage: add-document --patient ID --folder FOLDER --file PATH [--name NAME] [--author AUTHOR]',
      );
    const content = new Uint8Array(readFileSync(values.file));
    // Where the server keeps documents: its encrypted folder when it has one (same variables).
    const files = documentFilesFromEnv(env);
    const documentFiles = files ? await openDocumentFiles(files) : undefined;
    const db = await database();
    try {
      const data = (await loadStoredClinicConfig(db)) ?? {...createDemoClinicData(), ...demoForms()};
      const portal = new Portal({db, data, linkBase: env.PORTAL_LINK_BASE, documentFiles});
      const id = await portal.addClinicDocument(values.patient, {
        folder: values.folder,
        fileName: values.name ?? basename(values.file),
        content,
        ...(values.author ? {author: values.author} : {}),
      });
      console.log(`added: document ${id}; the patient's notice is in the outbox`);
    } finally {
      await db.close();
    }
    return 0;
  }
  if (command === 'rotate-document-key' || command === 'move-documents-to-files') {
    const files = documentFilesFromEnv(env);
    if (!files)
      throw new Error('PORTAL_DOCUMENTS_DIR and PORTAL_DOCUMENTS_KEY must be set (the folder and its key)');
    const documentFiles = await openDocumentFiles(files);
    const db = await database();
    try {
      if (command === 'move-documents-to-files') {
        const {moved, skipped} = await moveDocumentsToFiles(db, documentFiles);
        console.log(
          `moved: ${moved} document(s) from the database into encrypted files${skipped ? `; ${skipped} changed meanwhile (left as they are)` : ''}`,
        );
        return 0;
      }
      const r = await rotateDocumentKey(db, documentFiles);
      console.log(
        `rotated: ${r.rotated} file(s) re-sealed under PORTAL_DOCUMENTS_KEY, ${r.current} already under it${
          r.unreadable
            ? `; ${r.unreadable} unreadable (logged with their file ids): the folder's key check stays, keep PORTAL_DOCUMENTS_OLD_KEYS`
            : '; the folder now needs PORTAL_DOCUMENTS_KEY: PORTAL_DOCUMENTS_OLD_KEYS can go'
        }`,
      );
      return r.unreadable ? 1 : 0;
    } finally {
      await db.close();
    }
  }
  if (command === 'grant') {
    const {values} = parseArgs({
      args: rest,
      options: {
        holder: {type: 'string'},
        dependent: {type: 'string'},
        scope: {type: 'string'},
        relationship: {type: 'string'},
        revoke: {type: 'boolean'},
      },
    });
    if (!values.holder || !values.dependent || (!values.revoke && (!values.scope || !values.relationship)))
      throw new Error(
        'usage: grant --holder ID --dependent ID (--scope full|appointments --relationship daughter|son|child|mother|father|partner|other | --revoke)',
      );
    const db = await database();
    try {
      const data = (await loadStoredClinicConfig(db)) ?? {...createDemoClinicData(), ...demoForms()};
      const portal = new Portal({db, data, linkBase: env.PORTAL_LINK_BASE});
      await portal.setProxyGrant(
        values.holder,
        values.dependent,
        values.revoke
          ? 'revoke'
          : ({scope: values.scope, relationship: values.relationship} as Parameters<
              Portal['setProxyGrant']
            >[2]),
      );
      console.log(values.revoke ? 'revoked' : `granted: ${values.scope}`);
    } finally {
      await db.close();
    }
    return 0;
  }
  if (command === 'export-demo') {
    const file = rest[0];
    if (!file) throw new Error('usage: export-demo FILE');
    writeFileSync(
      file,
      `${JSON.stringify(toClinicConfig({...createDemoClinicData(), ...demoForms()}), null, 2)}\n`,
    );
    console.log(`written: ${file}`);
    return 0;
  }
  console.error(
    'commands: load-clinic [--check] FILE | invite --email … --given … --family … --dob … [--lang es|en] [--phone …] | reply --conversation … --name … [--title …] --body … [--file …] | no-show --appointment … | review-medical --patient … | add-document --patient … --folder … --file … [--name …] [--author …] | rotate-document-key | move-documents-to-files | grant --holder … --dependent … (--scope … --relationship … | --revoke) | export-demo FILE',
  );
  return 2;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof ValidationError)
      console.error(
        `refused: ${Object.entries(e.fields)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
    else if (isPortalError(e)) console.error(`refused: ${e.code}`);
    else console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
