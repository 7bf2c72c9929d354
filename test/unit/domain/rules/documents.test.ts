import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../../../src/domain/errors.js';
import {
  DEFAULT_MAX_UPLOAD_BYTES,
  NOTE_MAX_LENGTH,
  checkUpload,
  contentDisposition,
  filterDocuments,
  isBackwardsRange,
  fileProblem,
  maxUploadBytes,
  sanitizeFileName,
  sniffContentType,
  sortDocuments,
} from '../../../../src/domain/rules/documents.js';

const bytes = (...b: number[]) => new Uint8Array(b);
const PDF = new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n');
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d);
const HEIC = new Uint8Array([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0]);
const EXE = new TextEncoder().encode('MZ\x90\x00 this program cannot be run in DOS mode');

function fields(f: () => unknown): Record<string, string> {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return {...(e as ValidationError).fields};
  }
  throw new Error('accepted');
}

describe('documents: type by content', () => {
  it('recognises PDF, JPEG and PNG by their first bytes, whatever the name', () => {
    expect(sniffContentType(PDF)).toBe('application/pdf');
    expect(sniffContentType(JPEG)).toBe('image/jpeg');
    expect(sniffContentType(PNG)).toBe('image/png');
    expect(sniffContentType(HEIC)).toBe('heic');
    expect(sniffContentType(EXE)).toBeUndefined();
    expect(sniffContentType(bytes(0x25, 0x50, 0x44, 0x46))).toBeUndefined(); // "%PDF" without the dash
    expect(sniffContentType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeUndefined(); // a truncated PNG signature
  });

  it('names the reason a file is refused', () => {
    expect(fileProblem(new Uint8Array(), 100)).toBe('file-empty');
    expect(fileProblem(EXE, 1000)).toBe('file-type');
    expect(fileProblem(HEIC, 1000)).toBe('file-heic');
    expect(fileProblem(PDF, PDF.length - 1)).toBe('file-too-large');
    expect(fileProblem(PDF, PDF.length)).toBeUndefined();
  });

  it('uses the clinic limit when sane, else 20 MB', () => {
    expect(DEFAULT_MAX_UPLOAD_BYTES).toBe(20 * 1024 * 1024);
    expect(maxUploadBytes(undefined)).toBe(DEFAULT_MAX_UPLOAD_BYTES);
    expect(maxUploadBytes(5_000_000)).toBe(5_000_000);
    expect(maxUploadBytes(-1)).toBe(DEFAULT_MAX_UPLOAD_BYTES);
    expect(maxUploadBytes(1.5)).toBe(DEFAULT_MAX_UPLOAD_BYTES);
    expect(maxUploadBytes(2 * 1024 ** 3)).toBe(DEFAULT_MAX_UPLOAD_BYTES);
  });
});

describe('documents: file names', () => {
  it('keeps the last path segment and no reserved or control characters', () => {
    expect(sanitizeFileName('../../etc/passwd.pdf', 'application/pdf')).toBe('passwd.pdf');
    expect(sanitizeFileName('C:\\Users\\luna\\análisis.PDF', 'application/pdf')).toBe('análisis.pdf');
    expect(sanitizeFileName('<img src=x onerror=alert(1)>.png', 'image/png')).toBe(
      'img src=x onerror=alert(1).png',
    );
    expect(sanitizeFileName('<script>alert(1)</script>.png', 'image/png')).toBe('script.png');
    expect(sanitizeFileName('a\u202Egnp.exe', 'image/png')).toBe('agnp.exe.png');
    expect(sanitizeFileName('x\u0000y\n.jpeg', 'image/jpeg')).toBe('xy.jpeg');
    expect(sanitizeFileName('...', 'application/pdf')).toBe('document.pdf');
    expect(sanitizeFileName('  receta   médica .pdf', 'application/pdf')).toBe('receta médica.pdf');
  });

  it('ends in the extension of the bytes', () => {
    expect(sanitizeFileName('scan.exe', 'application/pdf')).toBe('scan.exe.pdf');
    expect(sanitizeFileName('photo', 'image/jpeg')).toBe('photo.jpg');
    expect(sanitizeFileName('photo.JPG', 'image/jpeg')).toBe('photo.jpg');
  });

  it('is at most 120 characters, extension kept', () => {
    const name = sanitizeFileName(`${'ñ'.repeat(300)}.pdf`, 'application/pdf');
    expect([...name].length).toBe(120);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('Content-Disposition carries an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('análisis "1".pdf', false)).toBe(
      `attachment; filename="an_lisis _1_.pdf"; filename*=UTF-8''an%C3%A1lisis%20%221%22.pdf`,
    );
    expect(contentDisposition('a.pdf', true).startsWith('inline;')).toBe(true);
  });
});

describe('documents: checkUpload', () => {
  it('accepts a PDF with a category and note, cleaned', () => {
    expect(
      checkUpload({fileName: 'dir/lab.pdf', category: 'results', note: '  ayuno 8 h '}, PDF, 1000),
    ).toEqual({
      fileName: 'lab.pdf',
      category: 'results',
      note: 'ayuno 8 h',
      contentType: 'application/pdf',
      size: PDF.length,
    });
  });

  it('refuses every wrong field at once', () => {
    expect(fields(() => checkUpload({fileName: '', note: 5}, EXE, 1000))).toEqual({
      file: 'file-type',
      fileName: 'required',
      category: 'required',
      note: 'invalid',
    });
    expect(fields(() => checkUpload({fileName: 'a.pdf', category: 'bills'}, HEIC, 1000))).toEqual({
      file: 'file-heic',
      category: 'invalid',
    });
    expect(
      fields(() =>
        checkUpload({fileName: 'a.pdf', category: 'other', note: 'x'.repeat(NOTE_MAX_LENGTH + 1)}, PDF, 1000),
      ),
    ).toEqual({note: 'too-long'});
    expect(fields(() => checkUpload({fileName: 'a.pdf', category: 'other'}, undefined, 1000))).toEqual({
      file: 'required',
    });
    expect(fields(() => checkUpload(null, new Uint8Array(), 1000))).toMatchObject({file: 'file-empty'});
    expect(fields(() => checkUpload({fileName: 'a', category: 'other', note: 'a\u0007'}, PDF, 1000))).toEqual(
      {
        note: 'invalid',
      },
    );
  });

  it('keeps line breaks in a note', () => {
    expect(checkUpload({fileName: 'a.png', category: 'images', note: 'uno\ndos'}, PNG, 1000).note).toBe(
      'uno\ndos',
    );
  });
});

describe('documents: order', () => {
  it('lists newest first, ties by id', () => {
    const docs = [
      {id: 'b', createdAt: '2026-01-01T10:00:00-06:00'},
      {id: 'c', createdAt: '2026-02-01T10:00:00-06:00'},
      {id: 'a', createdAt: '2026-01-01T10:00:00-06:00'},
    ];
    expect(sortDocuments(docs).map((d) => d.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('filterDocuments', () => {
  const doc = (fileName: string, createdAt: string) => ({fileName, createdAt});
  const docs = [
    doc('receta-ácido-fólico.pdf', '2026-03-01T09:00:00-06:00'),
    // 23:30 in the clinic on 28 Feb is already 1 March in UTC: the clinic's day counts.
    doc('Biometría_Hemática.PDF', '2026-02-28T23:30:00-06:00'),
    doc('foto dermatologia.png', '2026-01-15T10:00:00-06:00'),
  ];
  const names = (f: Parameters<typeof filterDocuments>[1]) => filterDocuments(docs, f).map((d) => d.fileName);

  it('matches every word of the name, ignoring case, accents and separators', () => {
    expect(names({text: 'ACIDO folico'})).toEqual(['receta-ácido-fólico.pdf']);
    expect(names({text: 'hemática'})).toEqual(['Biometría_Hemática.PDF']);
    expect(names({text: 'pdf'})).toHaveLength(2);
    expect(names({text: 'receta foto'})).toEqual([]);
    expect(names({text: '   '})).toHaveLength(3);
  });

  it('keeps the days of the range, both ends included, in the clinic’s calendar', () => {
    expect(names({from: '2026-03-01'})).toEqual(['receta-ácido-fólico.pdf']);
    expect(names({to: '2026-02-28'})).toEqual(['Biometría_Hemática.PDF', 'foto dermatologia.png']);
    expect(names({from: '2026-01-15', to: '2026-01-15'})).toEqual(['foto dermatologia.png']);
    expect(names({from: '2026-02-01', to: '2026-03-31', text: 'pdf'})).toHaveLength(2);
    // Malformed parts are ignored rather than hiding everything.
    expect(names({from: '1/3/2026'})).toHaveLength(3);
  });

  it('says when the range is backwards', () => {
    expect(isBackwardsRange({from: '2026-03-02', to: '2026-03-01'})).toBe(true);
    expect(names({from: '2026-03-02', to: '2026-03-01'})).toEqual([]);
    expect(isBackwardsRange({from: '2026-03-01', to: '2026-03-01'})).toBe(false);
    expect(isBackwardsRange({from: '2026-03-01'})).toBe(false);
  });
});
