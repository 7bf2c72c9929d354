/**
 * The photo rule (#17: the profile photo, the insurance cards' photos): JPEG, PNG or WebP by the
 * first bytes only, a size limit, a width and height from the header in range. The bad inputs of
 * the issue — a 20 MB photo, a PDF renamed .jpg, an SVG with a script — are each refused with its
 * reason. The headers here are built by hand to the formats' specifications (what the rule reads).
 */
import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../../../src/domain/errors.js';
import {PHOTO_MAX_BYTES, checkPhoto, photoProblem} from '../../../../src/domain/rules/profile-image.js';

const bytes = (...parts: (number[] | string | Uint8Array)[]) => {
  const out: number[] = [];
  for (const p of parts)
    if (typeof p === 'string') for (const c of p) out.push(c.charCodeAt(0));
    else out.push(...p);
  return new Uint8Array(out);
};
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number) => [(n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, (n >>> 8) & 255];
const le24 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];

const png = (w: number, h: number) =>
  bytes(
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    be32(13),
    'IHDR',
    be32(w),
    be32(h),
    [8, 6, 0, 0, 0],
    be32(0),
  );
/** SOI, an APP0 (JFIF) segment, then a baseline frame header (SOF0). */
const jpeg = (w: number, h: number, sof = 0xc0) =>
  bytes(
    [0xff, 0xd8, 0xff, 0xe0],
    be16(16),
    'JFIF',
    [0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
    [0xff, sof],
    be16(17),
    [8],
    be16(h),
    be16(w),
    [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
  );
const webpVp8x = (w: number, h: number) =>
  bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8X', [10, 0, 0, 0], [0, 0, 0, 0], le24(w - 1), le24(h - 1));
const webpVp8 = (w: number, h: number) =>
  bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8 ', [0, 0, 0, 0], [0, 0, 0], [0x9d, 0x01, 0x2a], le16(w), le16(h));
const webpVp8l = (w: number, h: number) => {
  const bits = ((w - 1) | ((h - 1) << 14)) >>> 0;
  return bytes(
    'RIFF',
    [0, 0, 0, 0],
    'WEBP',
    'VP8L',
    [0, 0, 0, 0],
    [0x2f],
    [bits & 255, (bits >>> 8) & 255, (bits >>> 16) & 255, (bits >>> 24) & 255],
  );
};

const problem = (b: Uint8Array) => {
  const r = photoProblem(b);
  return 'problem' in r ? r.problem : r.photo;
};

describe('photo rule', () => {
  it('accepts JPEG, PNG and WebP (lossy, lossless, extended) and reads their size from the header', () => {
    expect(problem(png(640, 480))).toEqual({contentType: 'image/png', width: 640, height: 480});
    expect(problem(jpeg(800, 600))).toEqual({contentType: 'image/jpeg', width: 800, height: 600});
    expect(problem(jpeg(800, 600, 0xc2))).toEqual({contentType: 'image/jpeg', width: 800, height: 600});
    expect(problem(webpVp8x(1024, 768))).toEqual({contentType: 'image/webp', width: 1024, height: 768});
    expect(problem(webpVp8(300, 200))).toEqual({contentType: 'image/webp', width: 300, height: 200});
    expect(problem(webpVp8l(100, 50))).toEqual({contentType: 'image/webp', width: 100, height: 50});
  });

  it('refuses a 20 MB photo, a PDF renamed .jpg and an SVG with a script, each with its reason', () => {
    const big = new Uint8Array(20 * 1024 * 1024);
    big.set(jpeg(800, 600));
    expect(problem(big)).toBe('file-too-large');
    expect(problem(bytes('%PDF-1.7\n1 0 obj <<>> endobj\n'))).toBe('file-type');
    expect(problem(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBe(
      'file-type',
    );
    expect(problem(bytes('<?xml version="1.0"?><svg/>'))).toBe('file-type');
    expect(problem(bytes('GIF89a', [1, 0, 1, 0]))).toBe('file-type');
    expect(problem(new Uint8Array())).toBe('file-empty');
    expect(problem(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]))).toBe('file-heic');
    try {
      checkPhoto(bytes('%PDF-1.4'), 'cardFront');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).fields).toEqual({cardFront: 'file-type'});
    }
    expect(PHOTO_MAX_BYTES).toBe(5 * 1024 * 1024);
  });

  it('refuses headers it cannot read and sizes out of range', () => {
    expect(problem(png(16, 480))).toBe('invalid');
    expect(problem(png(9000, 480))).toBe('invalid');
    expect(problem(png(7000, 7000))).toBe('invalid'); // 49 million pixels
    expect(problem(jpeg(0, 0))).toBe('invalid');
    expect(problem(bytes([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBe('invalid'); // scan before a frame
    expect(problem(bytes([0xff, 0xd8, 0xff]))).toBe('invalid');
    expect(problem(png(640, 480).subarray(0, 20))).toBe('invalid');
    expect(
      problem(bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8Z', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
    ).toBe('invalid');
  });
});
