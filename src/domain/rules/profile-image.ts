/**
 * A photo the patient sends (issue #17: her profile photo, item 3; her insurance cards' front and
 * back, item 5), checked once for every backend: JPEG, PNG or WebP by its first bytes (magic bytes;
 * the name and the declared type are never trusted, so a PDF or an SVG renamed `.jpg` is refused),
 * at most {@link PHOTO_MAX_BYTES}, and a width and height read from the image's own header within
 * {@link PHOTO_MIN_SIDE}…{@link PHOTO_MAX_SIDE} and {@link PHOTO_MAX_PIXELS} (what a browser would
 * have to decode). What the first bytes are is the documents' rule (`sniffContentType`,
 * `rules/documents.ts`), with WebP added here; an HEIC photo keeps its own reason (`file-heic`).
 *
 * The profile photo's and the insurance cards' photo operations (`uploadProfilePhoto`,
 * `uploadInsuranceCardPhoto` in every backend) check with it, and `<patient-profile>` before sending.
 */
import {ValidationError, type FieldErrorCode} from '../errors.js';
import {sniffContentType} from './documents.js';

/** The largest photo accepted, in bytes. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/** The narrowest side accepted, in pixels (a smaller image is not a photo of anything). */
export const PHOTO_MIN_SIDE = 32;
/** The widest side accepted, in pixels. */
export const PHOTO_MAX_SIDE = 8000;
/** At most this many pixels (a small file that would decode to a huge bitmap is refused). */
export const PHOTO_MAX_PIXELS = 40_000_000;

export type PhotoContentType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The patient's profile photo as her backend keeps it (#17 item 3): its bytes and their type. */
export interface ProfilePhoto {
  /** The type sniffed from the bytes when they were stored (never the name or a declared type). */
  readonly contentType: PhotoContentType;
  readonly content: Uint8Array;
}

/** A checked photo: its type by its bytes, and its size from its header. */
export interface CheckedPhoto {
  readonly contentType: PhotoContentType;
  readonly width: number;
  readonly height: number;
}

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

/** `RIFF` … `WEBP`: a WebP file. */
function isWebp(b: Uint8Array): boolean {
  return b.length >= 16 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP';
}

/** A PNG's size from its `IHDR`, the first chunk. */
function pngSize(b: Uint8Array): [number, number] | undefined {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return undefined;
  return [u32be(b, 16), u32be(b, 20)];
}

/** A JPEG's size from its first start-of-frame marker (SOF0–SOF15 but DHT, JPG and DAC). */
function jpegSize(b: Uint8Array): [number, number] | undefined {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end, or scan data before any frame
    const length = u16be(b, at + 2);
    if (length < 2) return undefined;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > b.length) return undefined;
      return [u16be(b, at + 7), u16be(b, at + 5)];
    }
    at += 2 + length;
  }
  return undefined;
}

/** A WebP's size from its first chunk: lossy `VP8 `, lossless `VP8L` or extended `VP8X`. */
function webpSize(b: Uint8Array): [number, number] | undefined {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a)
    return [u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff];
  if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
  }
  if (chunk === 'VP8X' && b.length >= 30) return [u24le(b, 24) + 1, u24le(b, 27) + 1];
  return undefined;
}

/**
 * Why these bytes are not a photo we accept, or `undefined` with what it is: `file-empty`,
 * `file-too-large` (past `maxBytes`), `file-heic`, `file-type` (anything but JPEG, PNG or WebP by
 * its first bytes: a PDF, an SVG, a script, whatever its name), `invalid` (a header we cannot read,
 * or a size out of range).
 */
export function photoProblem(
  bytes: Uint8Array,
  maxBytes = PHOTO_MAX_BYTES,
): {problem: FieldErrorCode} | {photo: CheckedPhoto} {
  if (bytes.length === 0) return {problem: 'file-empty'};
  if (bytes.length > maxBytes) return {problem: 'file-too-large'};
  const sniffed = sniffContentType(bytes);
  if (sniffed === 'heic') return {problem: 'file-heic'};
  const contentType: PhotoContentType | undefined =
    sniffed === 'image/jpeg' || sniffed === 'image/png' ? sniffed : isWebp(bytes) ? 'image/webp' : undefined;
  if (!contentType) return {problem: 'file-type'};
  const size =
    contentType === 'image/png'
      ? pngSize(bytes)
      : contentType === 'image/jpeg'
        ? jpegSize(bytes)
        : webpSize(bytes);
  if (!size) return {problem: 'invalid'};
  const [width, height] = size;
  if (
    Math.min(width, height) < PHOTO_MIN_SIDE ||
    Math.max(width, height) > PHOTO_MAX_SIDE ||
    width * height > PHOTO_MAX_PIXELS
  )
    return {problem: 'invalid'};
  return {photo: {contentType, width, height}};
}

/**
 * The photo as accepted (see {@link photoProblem}); `ValidationError({[field]: code})` otherwise,
 * so nothing is stored.
 */
export function checkPhoto(bytes: Uint8Array, field = 'photo', maxBytes = PHOTO_MAX_BYTES): CheckedPhoto {
  const result = photoProblem(bytes, maxBytes);
  if ('problem' in result) throw new ValidationError({[field]: result.problem});
  return result.photo;
}
