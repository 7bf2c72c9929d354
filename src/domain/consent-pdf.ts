/**
 * A signed consent as a PDF (issue #18), made in one place for every backend: the reference server
 * serves it at `GET /appointments/{id}/forms/{itemId}/consent/pdf`, the memory adapter returns the
 * same bytes. The document's title and full text as signed (its version), then who signed (the name
 * as typed), when (in the clinic's time zone) and which version. Written with the project's own PDF
 * writer (`invoice-pdf.ts`: Helvetica, WinAnsi, A4), continued on further pages when long.
 *
 * A drawn signature (a checked PNG, `rules/signature-image.ts`) is printed under the typed name:
 * decoded and composited over white, then embedded as an RGB image XObject (`/FlateDecode`),
 * at most 200 × 80 pt, its proportions kept.
 */
import type {ConsentDocument, ConsentSignature} from './forms.js';
import {hexString, wrap, writePdf, type PdfImage} from './invoice-pdf.js';
import {checkSignatureImage, decodeSignaturePng, deflate} from './rules/signature-image.js';
import type {LocalizedText} from './types.js';

export interface ConsentPdfOptions {
  readonly language: 'en' | 'es';
  /** Dates as this locale writes them, e.g. `es-MX`. */
  readonly locale: string;
  /** The clinic's IANA time zone. */
  readonly timeZone: string;
}

const LABELS = {
  en: {
    version: 'Version',
    signed: 'Signed',
    by: 'Name typed by the patient',
    drawn: 'Signature drawn by the patient',
    on: 'Signed on',
    page: 'Page',
  },
  es: {
    version: 'Versión',
    signed: 'Firmado',
    by: 'Nombre escrito por el paciente',
    drawn: 'Firma dibujada por el paciente',
    on: 'Fecha de firma',
    page: 'Página',
  },
};

const W = 595;
const H = 842;
const M = 50;

function pick(text: LocalizedText, language: string): string {
  return text[language] ?? Object.values(text)[0] ?? '';
}

/** The largest size a drawn signature is printed at, in points. */
const SIGNATURE_W = 200;
const SIGNATURE_H = 80;

/** The signed consent as PDF bytes. */
export async function consentPdf(
  document: ConsentDocument,
  signature: ConsentSignature,
  clinicName: string,
  opts: ConsentPdfOptions,
): Promise<Uint8Array<ArrayBuffer>> {
  const L = LABELS[opts.language];
  const pages: string[][] = [[]];
  let y = H - M;
  const line = (text: string, size: number, bold = false, gap = 4) => {
    if (y - size < M + 20) {
      pages.push([]);
      y = H - M;
    }
    y -= size;
    pages
      .at(-1)!
      .push(`BT /${bold ? 'F2' : 'F1'} ${size} Tf ${M} ${y.toFixed(2)} Td ${hexString(text)} Tj ET`);
    y -= gap;
  };
  const title = pick(document.title, opts.language);
  line(clinicName, 9, false, 10);
  for (const l of wrap(title, W - 2 * M, 16)) line(l, 16, true);
  line(`${L.version} ${document.version}`, 10, false, 12);
  for (const paragraph of pick(document.body, opts.language).split(/\n\s*\n/)) {
    for (const l of wrap(paragraph, W - 2 * M, 10)) line(l, 10, false, 3);
    y -= 8;
  }
  y -= 8;
  const when = new Intl.DateTimeFormat(opts.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: opts.timeZone,
  }).format(new Date(signature.signedAt));
  line(L.signed, 12, true, 6);
  for (const l of wrap(`${L.by}: ${signature.typedName}`, W - 2 * M, 10)) line(l, 10);
  const images: PdfImage[] = [];
  if (signature.signatureImage !== undefined) {
    const raster = await decodeSignaturePng(checkSignatureImage(signature.signatureImage));
    const scale = Math.min(SIGNATURE_W / raster.width, SIGNATURE_H / raster.height);
    const w = raster.width * scale;
    const h = raster.height * scale;
    line(`${L.drawn}:`, 10, false, 6);
    if (y - h < M + 20) {
      pages.push([]);
      y = H - M;
    }
    y -= h;
    pages.at(-1)!.push(`q ${w.toFixed(2)} 0 0 ${h.toFixed(2)} ${M} ${y.toFixed(2)} cm /Im1 Do Q`);
    y -= 8;
    images.push({
      page: pages.length - 1,
      name: 'Im1',
      dict:
        `/Type /XObject /Subtype /Image /Width ${raster.width} /Height ${raster.height} ` +
        '/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode',
      data: await deflate(raster.rgb),
    });
  }
  line(`${L.on}: ${when}`, 10);
  line(`${L.version}: ${signature.version}`, 10);
  pages.forEach((ops, i) =>
    ops.push(`BT /F1 8 Tf ${M} 30 Td ${hexString(`${title} · ${L.page} ${i + 1}/${pages.length}`)} Tj ET`),
  );
  return writePdf(pages, title, images);
}
