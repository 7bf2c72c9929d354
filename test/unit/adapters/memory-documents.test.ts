import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../../src/adapters/adapter.js';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  createDemoAdapter,
} from '../../../src/adapters/memory/index.js';

const NOW = Date.parse('2026-03-02T16:00:00Z');
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

async function signedIn(latencyMs = 0) {
  const adapter = createDemoAdapter({clock: () => NOW, latencyMs});
  const r = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  expect(r.status).toBe('signed-in');
  return adapter;
}

describe('memory adapter: upload progress and cancel (#19)', () => {
  it('reports progress in steps up to the whole file, then stores it', async () => {
    const adapter = await signedIn();
    const seen: [number, number][] = [];
    await adapter.uploadDocument(
      {fileName: 'a.pdf', category: 'reports', content: PDF},
      {onProgress: (sent, total) => seen.push([sent, total])},
    );
    expect(seen.length).toBe(4);
    expect(seen.every(([, total]) => total === PDF.length)).toBe(true);
    expect(seen.map(([sent]) => sent)).toEqual([...seen.map(([sent]) => sent)].sort((x, y) => x - y));
    expect(seen.at(-1)).toEqual([PDF.length, PDF.length]);
    expect((await adapter.listDocuments({folder: 'uploads'})).documents.map((d) => d.fileName)).toEqual([
      'a.pdf',
    ]);
  });

  it('cancelled between steps: rejects with the abort reason and stores nothing', async () => {
    const adapter = await signedIn(80);
    const cancel = new AbortController();
    const steps: number[] = [];
    const sending = adapter.uploadDocument(
      {fileName: 'b.pdf', category: 'reports', content: PDF},
      {
        signal: cancel.signal,
        onProgress: (sent) => {
          steps.push(sent);
          if (steps.length === 2) cancel.abort();
        },
      },
    );
    await expect(sending).rejects.toMatchObject({name: 'AbortError'});
    expect(steps.length).toBe(2);
    adapter.latencyMs = 0;
    expect((await adapter.listDocuments({folder: 'uploads'})).documents).toEqual([]);
  });

  it('a refused file reports no progress', async () => {
    const adapter = await signedIn();
    const seen: number[] = [];
    await expect(
      adapter.uploadDocument(
        {fileName: 'c.pdf', category: 'reports', content: new Uint8Array()},
        {onProgress: (sent) => seen.push(sent)},
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(seen).toEqual([]);
  });
});
