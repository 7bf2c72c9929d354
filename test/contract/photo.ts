/**
 * Contract cases: the patient's profile photo (issue #17, item 3). She stores a photo, reads back
 * exactly its bytes with the type sniffed from them (never the declared one), replaces it, removes
 * it. The bad input — a 20 MB photo, a PDF renamed .jpg, an SVG with a script — and an
 * HEIC, an empty file and an image too small to be a photo are each refused with their reason and
 * nothing stored. Her photo is hers: another patient has none of it; signed out is refused; a
 * backend without photos says so.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter} from '../../src/adapters/adapter.js';
import {DEMO_PHOTO_PNG_BASE64} from '../../src/adapters/memory/demo-photo.js';
import {PHOTO_MAX_BYTES} from '../../src/domain/rules/profile-image.js';
import type {ContractContext} from './context.js';
import {
  STRONG,
  expectFields,
  expectNotSignedIn,
  expectNotSupported,
  linkWithToken,
  newDetails,
  tokenOf,
} from './helpers.js';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
};
/** A real 96 × 96 PNG (the demo's). */
export const PNG = Uint8Array.from(atob(DEMO_PHOTO_PNG_BASE64), (c) => c.charCodeAt(0));
/** A JPEG's start: SOI, APP0 (JFIF), a baseline frame of 512 × 512 (what the rule reads). */
export const JPEG = concat(
  new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
  ascii('JFIF'),
  new Uint8Array([0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xc0, 0, 17, 8, 2, 0, 2, 0]),
  new Uint8Array([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xff, 0xd9]),
);
export const PDF = ascii('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
export const SVG = ascii(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>alert(1)</script></svg>',
);
const HEIC = concat(new Uint8Array([0, 0, 0, 24]), ascii('ftypheic'), new Uint8Array(12));
/** A 16 × 16 PNG: too small to be a photo of anything. */
const TINY = (() => {
  const b = PNG.slice(0, 33);
  b.set([0, 0, 0, 16, 0, 0, 0, 16], 16);
  return b;
})();

export function photoContract(c: ContractContext): void {
  const {it, signIn, hasOutbox, outboxSince, outboxSize} = c;
  let a: PortalAdapter;
  let caps: Capabilities;
  beforeEach(() => {
    ({a, caps} = c.state());
  });

  const ops = () => ({
    get: a.getProfilePhoto!.bind(a),
    upload: a.uploadProfilePhoto!.bind(a),
    remove: a.removeProfilePhoto!.bind(a),
  });

  describe('profile photo', () => {
    it('says whether it keeps a profile photo, and refuses one when it does not', async () => {
      if (caps.photo) {
        for (const op of ['getProfilePhoto', 'uploadProfilePhoto', 'removeProfilePhoto'] as const)
          expect(typeof a[op], op).toBe('function');
        return;
      }
      if (a.getProfilePhoto) await expectNotSupported(a.getProfilePhoto());
      if (a.uploadProfilePhoto) await expectNotSupported(a.uploadProfilePhoto(PNG));
      if (a.removeProfilePhoto) await expectNotSupported(a.removeProfilePhoto());
    });

    it('stores, reads back, replaces and removes her photo; bad files are refused with nothing stored', async (ctx) => {
      if (!caps.photo) ctx.skip('no profile photo');
      const o = ops();
      await expectNotSignedIn(o.get());
      await expectNotSignedIn(o.upload(PNG));
      await expectNotSignedIn(o.remove());
      await signIn();
      await o.remove();
      expect(await o.get()).toBeUndefined();
      // Removing none: nothing to do.
      await o.remove();

      expect(await o.upload(PNG)).toEqual({contentType: 'image/png', width: 96, height: 96});
      const png = await o.get();
      expect(png?.contentType).toBe('image/png');
      expect([...png!.content]).toEqual([...PNG]);

      // Replaced: the type is the bytes', whatever they were called.
      expect(await o.upload(JPEG)).toEqual({contentType: 'image/jpeg', width: 512, height: 512});
      const jpeg = await o.get();
      expect(jpeg?.contentType).toBe('image/jpeg');
      expect([...jpeg!.content]).toEqual([...JPEG]);

      // The bad input, and the rule's other reasons: refused, the JPEG still stored.
      await expectFields(o.upload(PDF), {photo: 'file-type'});
      await expectFields(o.upload(SVG), {photo: 'file-type'});
      await expectFields(o.upload(HEIC), {photo: 'file-heic'});
      await expectFields(o.upload(new Uint8Array(0)), {photo: 'file-empty'});
      await expectFields(o.upload(TINY), {photo: 'invalid'});
      // 20 MB: past the rule's 5 MB (a server refuses the body before reading it).
      const big = new Uint8Array(20 * 1024 * 1024);
      big.set(PNG);
      expect(big.length).toBeGreaterThan(PHOTO_MAX_BYTES);
      const fields = await expectFields(o.upload(big), {});
      expect(['photo', 'body']).toContain(Object.keys(fields)[0]);
      expect(['file-too-large', 'too-long']).toContain(Object.values(fields)[0]);
      expect([...(await o.get())!.content]).toEqual([...JPEG]);

      await o.remove();
      expect(await o.get()).toBeUndefined();
    });

    it('keeps her photo hers: another patient has none of it', async (ctx) => {
      if (!caps.photo) ctx.skip('no profile photo');
      if (!caps.selfRegistration || !hasOutbox()) ctx.skip('cannot make a second patient');
      const o = ops();
      await signIn();
      await o.upload(PNG);
      await a.signOut();
      const details = newDetails();
      const sent = await outboxSize();
      await a.register({patient: details, password: STRONG, privacyConsent: true});
      const mail = (await outboxSince(sent)).find((m) => m.to.toLowerCase() === details.email.toLowerCase());
      await a.verifyEmail(tokenOf(linkWithToken(mail!) ?? ''), STRONG);
      expect(await o.get()).toBeUndefined();
      // Her removing hers leaves the first patient's.
      await o.remove();
      await o.upload(JPEG);
      await a.signOut();
      await signIn();
      expect([...(await o.get())!.content]).toEqual([...PNG]);
      await o.remove();
    });
  });
}
