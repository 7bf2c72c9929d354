// The drop-in build's template minifier (scripts/minify-lit-templates.mjs): what it removes, and
// what it must keep for the rendered page to stay the same.
import {describe, expect, it} from 'vitest';
// @ts-expect-error -- a plain .mjs build script without type declarations
import {minifyCssPiece, minifyHtmlPiece, minifyTemplates} from '../../../scripts/minify-lit-templates.mjs';

describe('minifyCssPiece', () => {
  it('drops indentation, comments and the last semicolon of a block', () => {
    const css = `
      /* the host */
      :host {
        display: block;
        margin: 0 auto;
      }
      .a > .b,
      .c::before {
        content: ' → ';
      }
    `;
    expect(minifyCssPiece(css, true, true)).toBe(
      ":host{display:block;margin:0 auto}.a>.b,.c::before{content:' → '}",
    );
  });

  it('keeps the space before a pseudo-class (a descendant), inside calc() and in media queries', () => {
    expect(minifyCssPiece('.list :focus-visible { width: calc(100% - 2rem); }', true, true)).toBe(
      '.list :focus-visible{width:calc(100% - 2rem)}',
    );
    expect(
      minifyCssPiece('@media (prefers-reduced-motion: reduce) and (min-width: 30em) { }', true, true),
    ).toBe('@media (prefers-reduced-motion:reduce) and (min-width:30em){}');
  });

  it('keeps strings and escapes verbatim', () => {
    expect(minifyCssPiece(`.x::after { content: "a ,  b ; }"; } .y\\:z { color: red; }`, true, true)).toBe(
      `.x::after{content:"a ,  b ; }"}.y\\:z{color:red}`,
    );
  });

  it('keeps one space next to an expression', () => {
    // css`border: ${w} solid ${c};` → pieces 'border: ', ' solid ', ';'
    expect(minifyCssPiece('\n  border: ', true, false)).toBe('border:');
    expect(minifyCssPiece(' solid ', false, false)).toBe(' solid ');
    expect(minifyCssPiece(';\n', false, true)).toBe(';');
  });

  it('gives up on a comment or string that an expression splits', () => {
    expect(minifyCssPiece('a { /* ', true, false)).toBeNull();
    expect(minifyCssPiece("content: '", true, false)).toBeNull();
  });
});

describe('minifyHtmlPiece', () => {
  it('turns indentation into one line break and leaves text on a line alone', () => {
    expect(minifyHtmlPiece('\n    <p class="a">\n      Two  words\n    </p>\n  ')).toBe(
      '\n<p class="a">\nTwo  words\n</p>\n',
    );
  });
});

describe('minifyTemplates', () => {
  it('rewrites only the literal text of css and html templates, not expressions or other strings', () => {
    const source = [
      'const keep = `  plain  \n  template  `;',
      'const s = css`',
      '  :host {',
      '    color: ${unsafeCSS("  red  ")};',
      '  }',
      '`;',
      'const t = html`',
      '  <p>',
      '    ${x}',
      '  </p>',
      '`;',
    ].join('\n');
    const out = minifyTemplates(source, '/repo/src/x.ts');
    expect(out.code).toBe(
      [
        'const keep = `  plain  \n  template  `;',
        'const s = css`:host{color:${unsafeCSS("  red  ")}}`;',
        'const t = html`\n<p>\n${x}\n</p>\n`;',
      ].join('\n'),
    );
  });

  it('leaves a template with a <textarea> or <pre> whole', () => {
    const source = 'const t = html`<textarea>\n  ${v}\n</textarea>`;';
    expect(minifyTemplates(source, '/repo/src/x.ts')).toBeNull();
  });
});
