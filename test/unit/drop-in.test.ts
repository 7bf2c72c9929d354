import {readFileSync, readdirSync} from 'node:fs';
import {describe, expect, it} from 'vitest';

/** The drop-in file must know every public tag that define.ts registers (it loads them on first use). */
describe('drop-in entry', () => {
  it('has a loader for every public element define.ts registers, and nothing else', () => {
    const define = readFileSync('src/define.ts', 'utf8');
    const dropIn = readFileSync('src/drop-in.ts', 'utf8');
    const defined = [...define.matchAll(/import '\.\/define\/([a-z-]+)\.js'/g)].map((m) => m[1]).sort();
    const loaded = [...dropIn.matchAll(/'([a-z-]+)': \(\) => import\('\.\/define\/\1\.js'\)/g)]
      .map((m) => m[1])
      .sort();
    expect(defined.length).toBeGreaterThan(0);
    expect(loaded).toEqual(defined);
    // Public tags have no `portal-` prefix; internal parts are loaded by the elements that use them.
    const publicDefines = readdirSync('src/define')
      .filter((f) => !f.startsWith('portal-') && f !== 'define-element.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(defined).toEqual(publicDefines);
  });
});
