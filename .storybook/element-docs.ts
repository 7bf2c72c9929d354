/**
 * The docs page of every element (Storybook's autodocs page, replaced): everything in it comes from
 * `custom-elements.json` (summary, description, attributes and properties with types and defaults,
 * events with their payload, CSS parts, custom properties, slots), so it cannot drift from the code,
 * plus a "Use it" snippet and the stories as live examples. A stories file documents more than one
 * tag with `parameters.elements` (e.g. the phone and date inputs).
 */
import {createElement as h, Fragment, type ReactNode} from 'react';
import {Markdown, Primary, Source, Stories, Title, useOf} from '@storybook/addon-docs/blocks';
import manifest from '../custom-elements.json';

interface TypeRef {
  text?: string;
}
interface Item {
  name: string;
  description?: string;
  summary?: string;
  default?: string;
  type?: TypeRef;
}
interface Member extends Item {
  kind: string;
  privacy?: string;
  static?: boolean;
  readonly?: boolean;
  attribute?: string;
  inheritedFrom?: {name: string};
}
interface Attribute extends Item {
  fieldName?: string;
}
interface Declaration extends Item {
  kind: string;
  tagName?: string;
  customElement?: boolean;
  attributes?: Attribute[];
  members?: Member[];
  events?: Item[];
  cssParts?: Item[];
  cssProperties?: Item[];
  slots?: Item[];
}
interface Manifest {
  modules: {path: string; declarations?: Declaration[]}[];
}

const declarations = (manifest as Manifest).modules.flatMap((m) =>
  (m.declarations ?? []).map((d) => ({...d, modulePath: m.path})),
);

export function elementDeclaration(tag: string) {
  return declarations.find((d) => d.customElement && d.tagName === tag);
}

/** Every custom element a page may use (those with a tag in the manifest). */
export const manifestTags = declarations.filter((d) => d.customElement && d.tagName).map((d) => d.tagName!);

/** An event's payload: the public readonly fields of its class (PortalAppointmentEvent → appointment). */
function eventPayload(typeName: string | undefined): string {
  const cls = declarations.find((d) => d.name === typeName);
  const fields = (cls?.members ?? []).filter(
    (m) => m.kind === 'field' && !m.static && m.privacy !== 'private',
  );
  if (!fields.length) return '—';
  return fields.map((f) => `${f.name}: ${f.type?.text ?? 'unknown'}`).join('; ');
}

const code = (text: string | undefined) => (text ? h('code', null, text) : '—');
const md = (text: string | undefined) => (text ? h(Markdown, null, text) : null);

function table(title: string, tag: string, headers: string[], rows: ReactNode[][]) {
  if (!rows.length) return null;
  return h(
    Fragment,
    null,
    h('h3', null, title),
    h(
      'table',
      {'data-manifest-table': title, 'data-manifest-tag': tag, className: 'manifest-table'},
      h('thead', null, h('tr', null, ...headers.map((x) => h('th', {key: x, scope: 'col'}, x)))),
      h(
        'tbody',
        null,
        ...rows.map((cells, i) => h('tr', {key: i}, ...cells.map((c, j) => h('td', {key: j}, c)))),
      ),
    ),
  );
}

/** The manifest's tables for one tag. */
export function ElementTables({tag}: {tag: string}) {
  const d = elementDeclaration(tag);
  if (!d) return h('p', {role: 'alert'}, `No <${tag}> in custom-elements.json (run npm run analyze).`);
  const attributes = d.attributes ?? [];
  const byField = new Map(attributes.filter((a) => a.fieldName).map((a) => [a.fieldName!, a]));
  const props = (d.members ?? []).filter(
    (m) => m.kind === 'field' && !m.static && m.privacy !== 'private' && m.privacy !== 'protected',
  );
  const propRows = props.map((p) => [
    code(p.name),
    code(byField.get(p.name)?.name ?? p.attribute),
    code(p.type?.text),
    code(p.default),
    md(p.description),
  ]);
  // Attributes without a public property of their own (rare), so none goes missing.
  for (const a of attributes) {
    if (!a.fieldName || !props.some((p) => p.name === a.fieldName)) {
      propRows.push([
        code(a.fieldName),
        code(a.name),
        code(a.type?.text),
        code(a.default),
        md(a.description),
      ]);
    }
  }
  return h(
    'section',
    {'data-manifest-element': tag},
    table(
      'Attributes and properties',
      tag,
      ['Property', 'Attribute', 'Type', 'Default', 'Description'],
      propRows,
    ),
    table(
      'Events',
      tag,
      ['Event', 'Class', 'Payload (readonly fields)', 'Description'],
      (d.events ?? []).map((e) => [
        code(e.name),
        code(e.type?.text),
        code(eventPayload(e.type?.text)),
        md(e.description),
      ]),
    ),
    table(
      'CSS parts',
      tag,
      ['Part', 'Description'],
      (d.cssParts ?? []).map((p) => [code(`::part(${p.name})`), md(p.description)]),
    ),
    table(
      'CSS custom properties',
      tag,
      ['Property', 'Default', 'Description'],
      (d.cssProperties ?? []).map((p) => [code(p.name), code(p.default), md(p.description)]),
    ),
    table(
      'Slots',
      tag,
      ['Slot', 'Description'],
      (d.slots ?? []).map((s) => [code(s.name || '(default)'), md(s.description)]),
    ),
  );
}

/** "Use it": the drop-in tag and the npm import. */
function useIt(tag: string) {
  const html = [
    '<script type="module" src="https://your-cdn.example/patient-portal-elements.js"></script>',
    '',
    tag === 'patient-portal'
      ? '<patient-portal backend="demo">\n  <!-- the other elements -->\n</patient-portal>'
      : `<patient-portal backend="demo">\n  <${tag}></${tag}>\n</patient-portal>`,
  ].join('\n');
  const npm = [
    '// npm install patient-portal-elements',
    `import 'patient-portal-elements/define/${tag}.js';`,
  ].join('\n');
  return h(
    Fragment,
    null,
    h('h3', null, 'Use it'),
    h('p', null, 'Drop-in (no build step): the script registers every element.'),
    h(Source, {language: 'html', code: html, dark: true}),
    h('p', null, 'From npm, registering only this tag:'),
    h(Source, {language: 'typescript', code: npm, dark: true}),
  );
}

function section(tag: string, primary: boolean) {
  const d = elementDeclaration(tag);
  return h(
    'div',
    {key: tag, className: 'element-docs'},
    primary ? null : h('h2', null, `<${tag}>`),
    d?.summary ? h('p', {className: 'element-summary'}, h('strong', null, d.summary)) : null,
    md(d?.description),
    useIt(tag),
    h(ElementTables, {tag}),
  );
}

/** The page: title, summary, the first story live, use-it, tables per tag, then every story. */
export function ElementDocsPage() {
  const {preparedMeta} = useOf('meta', ['meta']);
  const main = typeof preparedMeta.component === 'string' ? preparedMeta.component : undefined;
  const extra = ((preparedMeta.parameters['elements'] as string[] | undefined) ?? []).filter(
    (t) => t !== main,
  );
  const intro = (preparedMeta.parameters['docs'] as {description?: {component?: string}} | undefined)
    ?.description?.component;
  return h(
    Fragment,
    null,
    h(Title, null),
    md(intro),
    h(Primary, null),
    main ? section(main, true) : null,
    ...extra.map((tag) => section(tag, false)),
    h(Stories, {title: 'States (live stories)', includePrimary: true}),
  );
}
