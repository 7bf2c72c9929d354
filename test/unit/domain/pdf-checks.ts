/** Checks shared by the tests of our own PDF writer (invoices, signed consents). */
import {execFileSync} from 'node:child_process';
import {expect} from 'vitest';

/**
 * A well-formed PDF: header, trailer, the xref table's entries 20 bytes each with every object where
 * the xref says it starts, `/Size` the xref's count, and every plain stream's `/Length` its exact
 * byte count.
 */
export function checkPdfStructure(pdf: string): void {
  expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
  expect(pdf.endsWith('%%EOF\n')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)![1]);
  expect(pdf.slice(startxref, startxref + 5)).toBe('xref\n');
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(pdf.slice(startxref))!;
  expect(first).toBe('0');
  const entries = pdf
    .slice(startxref)
    .split('\n')
    .slice(2, 2 + Number(count));
  for (const [id, e] of entries.entries()) {
    expect(e.length).toBe(19); // 20 bytes with the "\n"
    if (id === 0) continue;
    const offset = Number(e.slice(0, 10));
    expect(pdf.slice(offset, offset + `${id} 0 obj`.length)).toBe(`${id} 0 obj`);
  }
  expect(pdf).toContain(`/Size ${count}`);
  for (const m of pdf.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const start = m.index! + m[0].length;
    expect(pdf.slice(start + Number(m[1]), start + Number(m[1]) + 'endstream'.length)).toBe('endstream');
  }
}

/** Whether Ghostscript is installed (the render checks run only then). */
export function hasGhostscript(): boolean {
  try {
    execFileSync('gs', ['--version'], {stdio: 'pipe'});
    return true;
  } catch {
    return false;
  }
}
