/**
 * The shared PortalAdapter contract against the FHIR adapter talking HTTP to the FHIR test server
 * (`scripts/fhir-server.ts`, Medplum's FHIR engine) as a real process on 127.0.0.1, seeded with the
 * demo clinic and seeded again before every test. What the adapter's capabilities decline is tested
 * for `NotSupportedError` by the suite itself; nothing is skipped by title. The patient signs in
 * through the server's SMART authorization server (authorization code + PKCE).
 */
import {afterAll, beforeAll} from 'vitest';
import {FhirAdapter} from '../../src/adapters/fhir/index.js';
import {EXT, type Resource} from '../../src/adapters/fhir/profile.js';
import {grantOf, linkedRelatedPersons} from '../../src/adapters/fhir/proxy.js';
import {NotFoundError} from '../../src/domain/errors.js';
import {relatedPerson} from '../../scripts/fhir-seed.js';
import {
  DEMO_PATIENT_DATE_OF_BIRTH,
  DEMO_PATIENT_EMAIL,
  createDemoClinicData,
} from '../../src/adapters/memory/index.js';
import {messageOf, type CommunicationResource, type StoredFile} from '../../src/adapters/fhir/messages.js';
import {sniffContentType} from '../../src/domain/rules/documents.js';
import {describeAdapterContract} from '../contract/index.js';
import {startFhirServerProcess, type FhirServerProcess} from './server-process.js';

/** Runs the contract against a server started with `serverArgs` (e.g. `--operations hold,book`). */
export function describeFhirContract(title: string, serverArgs: readonly string[] = []): void {
  let server: FhirServerProcess;

  beforeAll(async () => {
    server = await startFhirServerProcess(serverArgs);
  });

  afterAll(async () => {
    await server?.stop();
  });

  describeAdapterContract(title, async () => {
    await server.reset();
    // The clock the adapter takes as the server's: real time at the start of the test, moved by it.
    // The server's holds (`$hold`) follow it; its SMART tokens keep real time.
    let now = Date.now();
    // The clinic's side: the test server's admin token.
    const admin = async (method: string, path: string, body?: Resource): Promise<Resource> => {
      const res = await fetch(`${server.base}/${path}`, {
        method,
        headers: {Authorization: 'Bearer admin', 'Content-Type': 'application/fhir+json'},
        ...(body ? {body: JSON.stringify(body)} : {}),
      });
      if (res.status === 404) throw new NotFoundError();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Resource;
    };
    const adapter = new FhirAdapter({baseUrl: server.base, clock: () => now, retryBaseMs: 20});
    return {
      adapter,
      setNow: async (ms) => {
        now = ms;
        await server.setClock(now);
      },
      advance: async (ms) => {
        now += ms;
        await server.setClock(now);
      },
      // SMART sign-in for real: the test server's authorization server approves the demo patient at
      // once; the redirect is followed by hand (no browser here) and the code exchanged with PKCE.
      signInExternal: async () => {
        const begun = await adapter.beginSignIn('http://127.0.0.1/signed-in');
        const res = await fetch(begun.url, {redirect: 'manual'});
        return begun.complete(res.headers.get('location') ?? '');
      },
      // The clinic's side of family members: the holder's RelatedPerson for the dependent (scope
      // extension; `active: false` to revoke), a new one linked from her Patient for a new grant.
      setProxyGrant: async (holderId, dependentId, grant) => {
        const holder = await admin('GET', `Patient/${holderId}`);
        const rps = await Promise.all(
          linkedRelatedPersons(holder).map((id) => admin('GET', `RelatedPerson/${id}`)),
        );
        const live = rps.find(
          (rp) => grantOf(rp, holderId, now, EXT.proxyScope)?.dependentId === dependentId,
        );
        if (grant === 'revoke') {
          if (live) await admin('PUT', `RelatedPerson/${live.id}`, {...live, active: false});
          return;
        }
        if (live) {
          const extension = (live.extension ?? []).filter((e) => e.url !== EXT.proxyScope);
          extension.push({url: EXT.proxyScope, valueCode: grant.scope});
          await admin('PUT', `RelatedPerson/${live.id}`, {...live, extension});
          return;
        }
        await admin('GET', `Patient/${dependentId}`);
        const name = (holder.name as {given?: string[]; family?: string}[] | undefined)?.[0];
        const email = (holder.telecom as {system?: string; value?: string}[] | undefined)?.find(
          (t) => t.system === 'email',
        )?.value;
        const {id: _, ...rp} = relatedPerson(
          '',
          {givenName: (name?.given ?? []).join(' '), familyName: name?.family ?? '', email: email ?? ''},
          dependentId,
          grant,
        );
        const created = await admin('POST', 'RelatedPerson', rp as Resource);
        const link = [
          ...((holder.link as unknown[]) ?? []),
          {other: {reference: `RelatedPerson/${created.id}`}, type: 'seealso'},
        ];
        await admin('PUT', `Patient/${holderId}`, {...holder, link});
      },
      // The clinic answers a conversation: a Communication from its first practitioner (its
      // files as Binaries first), as the EHR's own messaging would write it (messages.ts).
      replyAsClinic: async (conversationId, body, attachments = []) => {
        const header = (await admin('GET', `Communication/${conversationId}`)) as CommunicationResource;
        const files: StoredFile[] = [];
        for (const f of attachments) {
          const contentType = sniffContentType(f.content) ?? 'application/octet-stream';
          const binary = await admin('POST', 'Binary', {
            resourceType: 'Binary',
            contentType,
            securityContext: header.subject,
            data: Buffer.from(f.content).toString('base64'),
          });
          files.push({binaryId: binary.id!, fileName: f.fileName, contentType, size: f.content.length});
        }
        const doctor = createDemoClinicData().catalog.providers[0]!;
        const from = {reference: `Practitioner/${doctor.id}`, display: doctor.name};
        await admin(
          'POST',
          'Communication',
          messageOf(header, from, body, new Date(now).toISOString(), files),
        );
      },
      knownPatient: {email: DEMO_PATIENT_EMAIL, password: '', dateOfBirth: DEMO_PATIENT_DATE_OF_BIRTH},
      close: async () => undefined,
    };
  });
}
