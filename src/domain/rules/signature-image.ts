/**
 * A drawn signature on a consent (issue #18): the rule, once, for every backend (the memory
 * adapter and the reference server call it; the element checks the size before sending).
 *
 * What is accepted: base64 of a PNG (no `data:` prefix) of at most {@link SIGNATURE_IMAGE_MAX_BYTES}
 * bytes; the PNG signature (magic bytes) first, then well-formed chunks, `IHDR` first and `IEND`
 * last; 8 bits per channel, not interlaced, greyscale, RGB, grey + alpha or RGBA (what a canvas's
 * `toBlob('image/png')` writes); between {@link SIGNATURE_MIN_SIDE} and the maximum width and
 * height; image data that inflates to exactly the size the header promises (checked by
 * {@link decodeSignaturePng}, which stops reading at that size: no "zip bomb"). What is stored is
 * the PNG rebuilt from its `IHDR`, `IDAT` and `IEND` chunks only: text and other ancillary chunks
 * (where a script payload or metadata could hide) are dropped.
 *
 * Decoding uses the platform's `DecompressionStream` (every supported browser, Node ≥ 18), so the
 * same code runs in the demo clinic and on the server.
 */
import {ValidationError, type FieldErrorCode} from '../errors.js';
import type {ConsentDocument, ConsentSignRequest} from '../forms.js';
import {checkConsentSignature} from './forms.js';

/** The largest PNG accepted, in bytes (before base64). */
export const SIGNATURE_IMAGE_MAX_BYTES = 100 * 1024;
/** The longest base64 text that can hold {@link SIGNATURE_IMAGE_MAX_BYTES}. */
export const SIGNATURE_IMAGE_MAX_BASE64 = Math.ceil(SIGNATURE_IMAGE_MAX_BYTES / 3) * 4;
export const SIGNATURE_MAX_WIDTH = 2400;
export const SIGNATURE_MAX_HEIGHT = 1200;
export const SIGNATURE_MIN_SIDE = 16;

const MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels per pixel by PNG colour type (8 bits each). */
const CHANNELS: Readonly<Record<number, number>> = {0: 1, 2: 3, 4: 2, 6: 4};

/** A checked signature PNG. */
export interface SignaturePng {
  /** The PNG rebuilt from IHDR, IDAT and IEND only. */
  readonly bytes: Uint8Array;
  /** {@link bytes} as base64 (what is stored and sent). */
  readonly base64: string;
  readonly width: number;
  readonly height: number;
  /** 0 grey, 2 RGB, 4 grey + alpha, 6 RGBA. */
  readonly colorType: number;
}

/** A decoded signature, composited over white: 3 bytes (R, G, B) per pixel, rows top to bottom. */
export interface SignatureRaster {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}

function refuse(code: FieldErrorCode): never {
  throw new ValidationError({signatureImage: code});
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const u32 = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/**
 * Checks a drawn signature as sent (`signatureImage`): base64 of a PNG within the limits above.
 * Refusals are `ValidationError({signatureImage})`: `invalid` (not text, not base64, broken
 * chunks, a size or format out of range), `file-type` (not a PNG), `file-too-large`.
 * The image data itself is checked by {@link decodeSignaturePng}.
 */
export function checkSignatureImage(value: unknown): SignaturePng {
  if (typeof value !== 'string') refuse('invalid');
  if (value.length > SIGNATURE_IMAGE_MAX_BASE64 + 4) refuse('file-too-large');
  if (value.length === 0 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value))
    refuse('invalid');
  const bytes = fromBase64(value);
  if (bytes.length > SIGNATURE_IMAGE_MAX_BYTES) refuse('file-too-large');
  if (bytes.length < MAGIC.length || MAGIC.some((m, i) => bytes[i] !== m)) refuse('file-type');
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  let header: {width: number; height: number; colorType: number} | undefined;
  let idat = false;
  let ended = false;
  while (at < bytes.length) {
    if (ended || at + 12 > bytes.length) refuse('invalid');
    const length = u32(bytes, at);
    const end = at + 12 + length;
    if (length > bytes.length || end > bytes.length) refuse('invalid');
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) refuse('invalid');
    if (header === undefined && type !== 'IHDR') refuse('invalid');
    if (type === 'IHDR') {
      if (header !== undefined || length !== 13) refuse('invalid');
      const d = at + 8;
      const width = u32(bytes, d);
      const height = u32(bytes, d + 4);
      const [depth, colorType, compression, filter, interlace] = bytes.subarray(d + 8, d + 13);
      if (
        depth !== 8 ||
        colorType === undefined ||
        CHANNELS[colorType] === undefined ||
        compression !== 0 ||
        filter !== 0 ||
        interlace !== 0
      )
        refuse('invalid');
      if (
        width < SIGNATURE_MIN_SIDE ||
        height < SIGNATURE_MIN_SIDE ||
        width > SIGNATURE_MAX_WIDTH ||
        height > SIGNATURE_MAX_HEIGHT
      )
        refuse('invalid');
      header = {width, height, colorType};
      kept.push(bytes.subarray(at, end));
    } else if (type === 'IDAT') {
      idat = true;
      kept.push(bytes.subarray(at, end));
    } else if (type === 'IEND') {
      if (length !== 0) refuse('invalid');
      ended = true;
      kept.push(bytes.subarray(at, end));
    } else if (type === 'PLTE' || (type.charCodeAt(0) & 0x20) === 0) {
      // A critical chunk we do not know (or a palette, which our colour types never use).
      refuse('invalid');
    }
    at = end;
  }
  if (!header || !idat || !ended) refuse('invalid');
  const out = new Uint8Array(kept.reduce((n, k) => n + k.length, 0));
  let o = 0;
  for (const k of kept) {
    out.set(k, o);
    o += k.length;
  }
  return {bytes: out, base64: toBase64(out), ...header};
}

/** zlib data inflated, refused past `expected` bytes (and when shorter). */
async function inflate(data: Uint8Array, expected: number): Promise<Uint8Array> {
  const out = new Uint8Array(expected);
  let n = 0;
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate'));
  const reader = stream.getReader();
  try {
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      if (n + value.length > expected) throw new Error('too long');
      out.set(value, n);
      n += value.length;
    }
  } catch {
    await reader.cancel().catch(() => undefined);
    refuse('invalid');
  }
  if (n !== expected) refuse('invalid');
  return out;
}

/** zlib-compresses bytes (for the PDF's `/FlateDecode` streams). */
export async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const buffer = await new Response(
    new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate')),
  ).arrayBuffer();
  return new Uint8Array(buffer);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes a checked signature PNG (its `IDAT` data inflated, the scanline filters undone) and
 * composites it over white, for a PDF page. A PNG whose data does not decode to exactly its
 * declared size is refused (`ValidationError({signatureImage: 'invalid'})`).
 */
export async function decodeSignaturePng(png: SignaturePng): Promise<SignatureRaster> {
  const {bytes, width, height, colorType} = png;
  const channels = CHANNELS[colorType]!;
  const parts: Uint8Array[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = u32(bytes, at);
    if (bytes[at + 4] === 0x49 && bytes[at + 5] === 0x44 && bytes[at + 6] === 0x41 && bytes[at + 7] === 0x54)
      parts.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    data.set(p, o);
    o += p.length;
  }
  const stride = width * channels;
  const raw = await inflate(data, height * (stride + 1));
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let x = 0; x < stride; x++) {
      const v = raw[src + x]!;
      const a = x >= channels ? rows[dst + x - channels]! : 0;
      const b = y > 0 ? rows[dst - stride + x]! : 0;
      const c = x >= channels && y > 0 ? rows[dst - stride + x - channels]! : 0;
      let r: number;
      switch (filter) {
        case 0:
          r = v;
          break;
        case 1:
          r = v + a;
          break;
        case 2:
          r = v + b;
          break;
        case 3:
          r = v + ((a + b) >> 1);
          break;
        case 4:
          r = v + paeth(a, b, c);
          break;
        default:
          refuse('invalid');
      }
      rows[dst + x] = r & 0xff;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, p = 0; i < rows.length; i += channels, p += 3) {
    const grey = channels <= 2;
    const alpha = channels === 2 ? rows[i + 1]! : channels === 4 ? rows[i + 3]! : 255;
    for (let k = 0; k < 3; k++) {
      const c = rows[i + (grey ? 0 : k)]!;
      rgb[p + k] = Math.round((c * alpha + 255 * (255 - alpha)) / 255);
    }
  }
  return {width, height, rgb};
}

/** The whole check of a signature as sent: the format ({@link checkSignatureImage}), then its data. */
export async function checkSignatureImageData(value: unknown): Promise<SignaturePng> {
  const png = checkSignatureImage(value);
  await decodeSignaturePng(png);
  return png;
}

/**
 * What every backend calls before recording a consent signature: {@link checkConsentSignature}
 * (version, box ticked, typed name) and, when there is one, the drawn signature (format, then its
 * data decoded, so a signature the PDF could not print is never stored); every problem at once.
 * Returns the request as it will be recorded (the drawn signature rebuilt, see
 * {@link checkSignatureImage}).
 */
export async function checkConsentSigning(
  document: ConsentDocument,
  request: unknown,
): Promise<ConsentSignRequest> {
  const image =
    typeof request === 'object' && request !== null
      ? (request as {signatureImage?: unknown}).signatureImage
      : undefined;
  const fields: Record<string, FieldErrorCode> = {};
  const collect = (e: unknown) => {
    if (!(e instanceof ValidationError)) throw e;
    Object.assign(fields, e.fields);
  };
  let checked: ConsentSignRequest | undefined;
  let png: SignaturePng | undefined;
  try {
    checked = checkConsentSignature(document, request);
  } catch (e) {
    collect(e);
  }
  if (image !== undefined)
    try {
      png = await checkSignatureImageData(image);
    } catch (e) {
      collect(e);
    }
  if (!checked || Object.keys(fields).length > 0) throw new ValidationError(fields);
  return png ? {...checked, signatureImage: png.base64} : checked;
}
