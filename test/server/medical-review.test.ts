/**
 * The clinic's review of a patient's medical entries (#17 item 4) from the staff's command line,
 * on PGlite: `review-medical --patient` marks her entries "reported by you" reviewed (who reported
 * them and when they changed kept), audited `medical.reviewed` as the clinic's with her id only;
 * run again it marks none; an unknown patient is refused (not found) and nothing changes.
 */
import {execFile} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {createDemoClinicData} from '../../src/adapters/memory/index.js';
import {demoMedical} from '../../src/adapters/memory/demo-medical.js';
import {openDb} from '../../server/db.js';
import {Portal} from '../../server/portal.js';

interface Row {
  id: string;
  reported_by: string;
  reviewed: boolean;
  updated_ms: string;
}

describe('review-medical (the clinic’s command line)', () => {
  it('marks a patient’s unreviewed entries reviewed, audited; again none; an unknown patient refused', async () => {
    const dir = `/tmp/portal-review-${process.pid}-${Date.now()}`;
    mkdirSync(dir, {recursive: true});
    const run = (args: string[]) =>
      promisify(execFile)('npx', ['tsx', 'server/cli.ts', ...args], {
        env: {...process.env, PORTAL_DATA_DIR: dir, DATABASE_URL: ''},
      });
    const db = await openDb({dataDir: dir});
    // The demo clinic with its medical information, as `npm run server` seeds it.
    await new Portal({db, data: {...createDemoClinicData(), medical: demoMedical()}}).seed();
    const entries = (q: typeof db) =>
      q.query<Row>('SELECT id, reported_by, reviewed, updated_ms FROM medical_entries ORDER BY seq');
    const before = await entries(db);
    await db.close();
    const waiting = before.filter((r) => !r.reviewed);
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((r) => r.reported_by === 'patient')).toBe(true);

    await expect(run(['review-medical', '--patient', 'pat_nobody'])).rejects.toMatchObject({
      stderr: expect.stringContaining('refused: not-found'),
    });
    const check = await openDb({dataDir: dir});
    expect(await entries(check)).toEqual(before);
    const [{patient_id: patientId}] = await check.query<{patient_id: string}>(
      'SELECT patient_id FROM medical_entries WHERE id = $1',
      [waiting[0]!.id],
    );
    await check.close();

    const out = await run(['review-medical', '--patient', patientId!]);
    expect(out.stdout.trim()).toBe(`reviewed: ${waiting.length} medical entries of ${patientId}`);
    const again = await run(['review-medical', '--patient', patientId!]);
    expect(again.stdout.trim()).toBe(`reviewed: 0 medical entries of ${patientId}`);

    const after = await openDb({dataDir: dir});
    const rows = await entries(after);
    const audits = await after.query<{actor: string; patient_id: string}>(
      "SELECT actor, patient_id FROM audit_log WHERE action = 'medical.reviewed'",
    );
    await after.close();
    // Every entry reviewed; who reported it and when it changed kept.
    expect(rows).toEqual(before.map((r) => ({...r, reviewed: true})));
    expect(audits).toEqual([
      {actor: 'clinic', patient_id: patientId},
      {actor: 'clinic', patient_id: patientId},
    ]);
  }, 240_000);
});
