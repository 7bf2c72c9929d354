/**
 * Contract cases: an insurance card's front and back photos (#17 item 5, seed 003), checked by the
 * profile photo's rule. She stores each side, reads back exactly its bytes with the sniffed type,
 * replaces and removes one; a PDF renamed .jpg, an SVG with a script and a 20 MB file are refused
 * with nothing stored; another side or an unknown card is not found; another patient sees none of
 * them and cannot store one on her card; a removed card's photos go with it.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter} from '../../src/adapters/adapter.js';
import type {ContractContext} from './context.js';
import {
  STRONG,
  expectCode,
  expectFields,
  expectNotSignedIn,
  linkWithToken,
  newDetails,
  tokenOf,
} from './helpers.js';
import {JPEG, PDF, PNG, SVG} from './photo.js';

export function insurancePhotosContract(c: ContractContext): void {
  const {it, signIn, hasOutbox, outboxSince, outboxSize} = c;
  let a: PortalAdapter;
  let caps: Capabilities;
  beforeEach(() => {
    ({a, caps} = c.state());
  });
  const on = () => caps.insurance === true && typeof a.uploadInsuranceCardPhoto === 'function';
  /**
   * Nothing of a card that is not hers (or of another side): `undefined` or not found — over HTTP
   * both are a 404, so a REST adapter cannot tell them apart.
   */
  const noPhoto = (read: Promise<unknown>) =>
    read.then(
      (photo) => photo === undefined,
      (e: {code?: string}) => e?.code === 'not-found',
    );
  const card = async () =>
    (await a.addInsuranceCard!({insurer: 'Seguros Monterrey', memberNumber: 'SM-1234'})).id;

  describe('insurance card photos', () => {
    it('stores, reads back, replaces and removes each side; bad files refused with nothing stored', async () => {
      if (!on()) return;
      await signIn();
      const id = await card();
      await expectNotSignedIn(
        (async () => {
          await a.signOut();
          return a.getInsuranceCardPhoto!(id, 'front');
        })(),
      );
      await signIn();
      expect(await a.getInsuranceCardPhoto!(id, 'front')).toBeUndefined();
      expect(await a.uploadInsuranceCardPhoto!(id, 'front', PNG)).toMatchObject({contentType: 'image/png'});
      expect(await a.uploadInsuranceCardPhoto!(id, 'back', JPEG)).toMatchObject({contentType: 'image/jpeg'});
      const front = await a.getInsuranceCardPhoto!(id, 'front');
      expect(front?.contentType).toBe('image/png');
      expect([...front!.content]).toEqual([...PNG]);
      expect([...(await a.getInsuranceCardPhoto!(id, 'back'))!.content]).toEqual([...JPEG]);
      // Bad input: refused, the earlier photo kept.
      await expectFields(a.uploadInsuranceCardPhoto!(id, 'front', PDF), {photo: 'file-type'});
      await expectFields(a.uploadInsuranceCardPhoto!(id, 'front', SVG), {photo: 'file-type'});
      const big = new Uint8Array(20 * 1024 * 1024);
      big.set(PNG);
      const fields = await expectFields(a.uploadInsuranceCardPhoto!(id, 'front', big), {});
      expect(['file-too-large', 'too-long']).toContain(Object.values(fields)[0]);
      expect([...(await a.getInsuranceCardPhoto!(id, 'front'))!.content]).toEqual([...PNG]);
      // Replaced, removed.
      await a.uploadInsuranceCardPhoto!(id, 'front', JPEG);
      expect((await a.getInsuranceCardPhoto!(id, 'front'))?.contentType).toBe('image/jpeg');
      await a.removeInsuranceCardPhoto!(id, 'front');
      expect(await a.getInsuranceCardPhoto!(id, 'front')).toBeUndefined();
      await a.removeInsuranceCardPhoto!(id, 'front');
      // Another side or an unknown card: not found.
      await expectCode(a.uploadInsuranceCardPhoto!(id, 'side' as 'front', PNG), 'not-found');
      expect(await noPhoto(a.getInsuranceCardPhoto!(id, 'side' as 'front'))).toBe(true);
      await expectCode(a.uploadInsuranceCardPhoto!('ins_unknown', 'front', PNG), 'not-found');
      // A removed card's photos go with it.
      await a.removeInsuranceCard!(id);
      expect(await noPhoto(a.getInsuranceCardPhoto!(id, 'back'))).toBe(true);
    });

    it('keeps her card photos hers: another patient cannot read or store them', async (ctx) => {
      if (!on()) return;
      if (!caps.selfRegistration || !hasOutbox()) ctx.skip('cannot make a second patient');
      await signIn();
      const id = await card();
      await a.uploadInsuranceCardPhoto!(id, 'front', PNG);
      await a.signOut();
      const details = newDetails();
      const sent = await outboxSize();
      await a.register({patient: details, password: STRONG, privacyConsent: true});
      const mail = (await outboxSince(sent)).find((m) => m.to.toLowerCase() === details.email.toLowerCase());
      await a.verifyEmail(tokenOf(linkWithToken(mail!) ?? ''), STRONG);
      expect(await noPhoto(a.getInsuranceCardPhoto!(id, 'front'))).toBe(true);
      await expectCode(a.uploadInsuranceCardPhoto!(id, 'back', JPEG), 'not-found');
      await expectCode(a.removeInsuranceCardPhoto!(id, 'front'), 'not-found');
      await a.signOut();
      await signIn();
      expect([...(await a.getInsuranceCardPhoto!(id, 'front'))!.content]).toEqual([...PNG]);
      expect(await a.getInsuranceCardPhoto!(id, 'back')).toBeUndefined();
    });
  });
}
