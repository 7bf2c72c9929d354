import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../../src/domain/errors.js';
import {
  SIGNATURE_IMAGE_MAX_BYTES,
  checkConsentSigning,
  checkSignatureImage,
  checkSignatureImageData,
  decodeSignaturePng,
} from '../../../src/domain/rules/signature-image.js';
import {checkConsentSignature} from '../../../src/domain/rules/forms.js';
import {PNG_MAGIC, base64, chunk, makePng, noisyPng} from '../../fixtures/png.js';

/** The field code a rejected signature gives. */
async function refusal(value: unknown): Promise<string | undefined> {
  try {
    await checkSignatureImageData(value);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).fields.signatureImage;
  }
}

const document = {id: 'c1', version: '3', title: {en: 'T'}, body: {en: 'B'}};

describe('signature image rule', () => {
  it('accepts the PNGs a canvas writes (RGBA) and the other 8-bit colour types, every scanline filter', async () => {
    for (const colorType of [0, 2, 4, 6] as const)
      for (const filter of [0, 1, 2, 3, 4]) {
        const png = await checkSignatureImageData(base64(makePng({colorType, filter})));
        expect(png).toMatchObject({width: 120, height: 40, colorType});
        const raster = await decodeSignaturePng(png);
        expect(raster.rgb.length).toBe(120 * 40 * 3);
        // Ink on the diagonal (dark), paper elsewhere (white: transparent pixels composited over white).
        const at = (x: number, y: number) => raster.rgb[(y * 120 + x) * 3]!;
        expect(at(0, 0), `type ${colorType} filter ${filter}`).toBeLessThan(60);
        expect(at(119, 0), `type ${colorType} filter ${filter}`).toBe(255);
      }
  });

  it('keeps only IHDR, IDAT and IEND: a text chunk carrying a script is dropped', () => {
    const text = chunk('tEXt', Buffer.from('Comment\0<script>alert(1)</script>', 'latin1'));
    const png = checkSignatureImage(base64(makePng({extra: [text]})));
    expect(Buffer.from(png.bytes).toString('latin1')).not.toContain('script');
    expect(png.base64).toBe(base64(makePng()));
  });

  it('refuses what is not a PNG, too large, malformed or out of range — with a code for each', async () => {
    expect(await refusal(42)).toBe('invalid');
    expect(await refusal('')).toBe('invalid');
    expect(await refusal('<script>alert(1)</script>')).toBe('invalid');
    expect(await refusal(`data:image/png;base64,${base64(makePng())}`)).toBe('invalid');
    expect(await refusal(base64(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8])))).toBe(
      'file-type',
    );
    expect(await refusal(base64(Buffer.from('<svg onload="alert(1)"></svg>')))).toBe('file-type');
    const big = noisyPng(180, 160);
    expect(big.length).toBeGreaterThan(SIGNATURE_IMAGE_MAX_BYTES);
    expect(await refusal(base64(big))).toBe('file-too-large');
    expect(await refusal('A'.repeat(400_000))).toBe('file-too-large');
    expect(await refusal(base64(makePng({bitDepth: 16})))).toBe('invalid');
    expect(await refusal(base64(makePng({interlace: 1})))).toBe('invalid');
    expect(await refusal(base64(makePng({width: 5000})))).toBe('invalid');
    expect(await refusal(base64(makePng({width: 8, height: 8})))).toBe('invalid');
    expect(await refusal(base64(Buffer.concat([PNG_MAGIC, chunk('IEND')])))).toBe('invalid');
    expect(await refusal(base64(makePng().subarray(0, 60)))).toBe('invalid');
    // Image data that does not inflate, or inflates to more than the header promises (a "zip bomb").
    expect(await refusal(base64(makePng({idat: Buffer.from('not zlib data')})))).toBe('invalid');
    const {deflateSync} = await import('node:zlib');
    expect(await refusal(base64(makePng({idat: deflateSync(Buffer.alloc(10_000_000))})))).toBe('invalid');
  });

  it('is part of signing a consent (checkConsentSigning): optional, refused together with the other fields', async () => {
    expect(checkConsentSignature(document, {version: '3', typedName: 'Ana', agreed: true})).toEqual({
      version: '3',
      typedName: 'Ana',
      agreed: true,
    });
    const ok = await checkConsentSigning(document, {
      version: '3',
      typedName: 'Ana',
      agreed: true,
      signatureImage: base64(makePng()),
    });
    expect(ok.signatureImage).toBe(base64(makePng()));
    try {
      await checkConsentSigning(document, {version: '3', typedName: '', agreed: true, signatureImage: 'x'});
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).fields).toEqual({typedName: 'required', signatureImage: 'invalid'});
    }
    await expect(
      checkConsentSigning(document, {
        version: '3',
        typedName: 'Ana',
        agreed: true,
        signatureImage: base64(makePng({idat: Buffer.from('broken')})),
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
