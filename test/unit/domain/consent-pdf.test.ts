import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {inflateSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {checkPdfStructure, hasGhostscript} from './pdf-checks.js';
import {consentPdf} from '../../../src/domain/consent-pdf.js';
import type {ConsentDocument, ConsentSignature} from '../../../src/domain/forms.js';
import {base64, makePng} from '../../fixtures/png.js';

const document: ConsentDocument = {
  id: 'telehealth',
  version: '2026-03',
  title: {en: 'Telehealth consent', es: 'Consentimiento de telemedicina'},
  body: {en: 'I agree to a video visit.\n\nSecond paragraph.', es: 'Acepto una consulta por video.'},
};
const signature: ConsentSignature = {
  consentId: 'telehealth',
  version: '2026-03',
  typedName: 'María José Ñúñez',
  signedAt: '2026-03-01T10:00:00-06:00',
};
const opts = {language: 'en', locale: 'en-US', timeZone: 'America/Mexico_City'} as const;
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('consentPdf with a drawn signature', () => {
  it('without one: no image, as before', async () => {
    const pdf = latin1(await consentPdf(document, signature, 'Clínica', opts));
    checkPdfStructure(pdf);
    expect(pdf).not.toContain('/Subtype /Image');
  });

  it('embeds the drawn signature as an RGB image XObject the page draws, its data the decoded PNG', async () => {
    const png = makePng({width: 120, height: 40});
    const pdf = latin1(
      await consentPdf(document, {...signature, signatureImage: base64(png)}, 'Clínica', opts),
    );
    checkPdfStructure(pdf);
    const image =
      /(\d+) 0 obj\n<< \/Type \/XObject \/Subtype \/Image \/Width 120 \/Height 40 \/ColorSpace \/DeviceRGB \/BitsPerComponent 8 \/Filter \/FlateDecode \/Length (\d+) >>\nstream\n/.exec(
        pdf,
      );
    expect(image, 'image object').not.toBeNull();
    const start = image!.index + image![0].length;
    const length = Number(image![2]);
    expect(pdf.slice(start + length, start + length + 10)).toBe('\nendstream');
    const rgb = inflateSync(Buffer.from(pdf.slice(start, start + length), 'latin1'));
    expect(rgb.length).toBe(120 * 40 * 3);
    expect(rgb[0]).toBeLessThan(60); // ink at the top left
    expect(rgb[(119 * 3) as number]).toBe(255); // white paper at the top right
    // The page names it in its resources and draws it.
    expect(pdf).toMatch(new RegExp(`/XObject << /Im1 ${image![1]} 0 R >>`));
    expect(pdf).toMatch(/q [\d.]+ 0 0 [\d.]+ 50 [\d.]+ cm \/Im1 Do Q/);
    expect(pdf).toContain(
      [...'Signature drawn by the patient:']
        .map((c) => c.charCodeAt(0).toString(16).padStart(2, '0'))
        .join(''),
    );
  });

  it.runIf(hasGhostscript())('opens in Ghostscript and shows the signature on the page', async () => {
    /** Dark pixels on the first page rendered at 36 dpi. */
    const darkPixels = (bytes: Uint8Array): number => {
      const dir = mkdtempSync(join(tmpdir(), 'consent-pdf-'));
      try {
        writeFileSync(join(dir, 'c.pdf'), bytes);
        execFileSync(
          'gs',
          [
            '-q',
            '-dNOPAUSE',
            '-dBATCH',
            '-dSAFER',
            '-sDEVICE=pgmraw',
            '-r36',
            `-sOutputFile=${join(dir, 'c.pgm')}`,
            join(dir, 'c.pdf'),
          ],
          {stdio: 'pipe'},
        );
        const pgm = readFileSync(join(dir, 'c.pgm'));
        const fields = pgm
          .subarray(0, 200)
          .toString('latin1')
          .replace(/#[^\n]*\n/g, '')
          .split(/\s+/);
        const [w, h] = [Number(fields[1]), Number(fields[2])];
        const pixels = pgm.subarray(pgm.length - w * h);
        expect(w).toBe(298); // A4 at 36 dpi
        return pixels.filter((p) => p < 128).length;
      } finally {
        rmSync(dir, {recursive: true, force: true});
      }
    };
    // A solid block of ink, 300 × 100 px: printed at 200 × 67 pt, about 100 × 33 dark pixels at 36 dpi.
    const block = base64(makePng({width: 300, height: 100, colorType: 6, pixel: () => [0, 0, 0, 255]}));
    const without = darkPixels(await consentPdf(document, signature, 'Clínica', opts));
    const withImage = darkPixels(
      await consentPdf(document, {...signature, signatureImage: block}, 'Clínica', opts),
    );
    expect(withImage - without).toBeGreaterThan(2500);
  });
});
