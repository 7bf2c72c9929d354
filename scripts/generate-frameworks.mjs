#!/usr/bin/env node
/**
 * Framework integration generated from `custom-elements.json` (issue #15 item 3), so it never
 * drifts from the elements. `npm run build` runs it after the library build and `tsc` (it needs
 * dist/lib and dist/types); it writes dist/frameworks/ and dist/react/:
 *
 *   dist/react/index.js, <tag>.js (+ .d.ts)  React wrappers (`@lit/react` createComponent): typed
 *                                             properties and `onPortal…` event props; importing one
 *                                             registers its tag. `patient-portal-elements/react`.
 *   dist/frameworks/types.d.ts                `<Name>Properties`, `<Name>EventMap`, PortalElements,
 *                                             PortalEventMap (`patient-portal-elements/types`).
 *   dist/frameworks/jsx.d.ts                  any JSX: `CustomElements` (properties, attribute
 *                                             spellings, `on<event-name>` handlers).
 *   dist/frameworks/react-jsx.d.ts            React 19's JSX.IntrinsicElements, augmented.
 *   dist/frameworks/preact-jsx.d.ts           Preact's JSX.IntrinsicElements, augmented.
 *   dist/frameworks/vue.d.ts                  Vue 3's GlobalComponents, augmented (vue-tsc).
 *   dist/frameworks/svelte.d.ts               svelte/elements' SvelteHTMLElements, augmented.
 *   dist/frameworks/vscode.html-custom-data.json, vscode.css-custom-data.json   VS Code HTML/CSS data.
 *   dist/frameworks/web-types.json            JetBrains (WebStorm) HTML data; package.json "web-types".
 *
 * Only the public tags are covered (not the internal `portal-*` parts), and only the events named
 * `portal-…`: the analyzer also infers "events" from `dispatchEvent(new X(arg))` calls, naming them
 * after the first argument ("code", "done", "slot-taken"…, or nothing). Those are dropped here and
 * listed by `--report-junk` so the elements' JSDoc can be fixed. An event's class comes from (in
 * order) the element's own entry, any element's entry of the same name, or the event class whose
 * `static type` is that name; `Event` when none says.
 *
 *   node scripts/generate-frameworks.mjs [--report-junk]
 */
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join, posix, relative} from 'node:path';
// The editor data comes from break-stuff's generators; the types are written here (see below why).
import {generateVsCodeCustomElementData} from 'custom-element-vs-code-integration';
import {generateJetBrainsWebTypes} from 'custom-element-jet-brains-integration';

const MANIFEST = 'custom-elements.json';
const FRAMEWORKS = 'dist/frameworks';
const REACT = 'dist/react';
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));

const isPublicTag = (tag) => typeof tag === 'string' && !tag.startsWith('portal-');
const isPortalEvent = (e) => typeof e.name === 'string' && e.name.startsWith('portal-');

// ------------------------------------------------------------------------------------------------
// The manifest, cleaned: public tags only, `portal-…` events only, each with its class.

/** class name → its source module path, for every class in the manifest */
const classModule = new Map();
/** event name → class, from event classes' `static type = '…'` */
const classByStaticType = new Map();
/** event name → class, from any element's inferred entry of that name */
const classByEntry = new Map();
for (const mod of manifest.modules)
  for (const d of mod.declarations ?? []) {
    if (d.kind !== 'class') continue;
    classModule.set(d.name, mod.path);
    const type = d.members?.find((m) => m.static && m.name === 'type' && typeof m.default === 'string');
    if (type) classByStaticType.set(type.default.replace(/^['"`]|['"`]$/g, ''), d.name);
    for (const e of d.events ?? [])
      if (isPortalEvent(e) && e.type?.text && !classByEntry.has(e.name))
        classByEntry.set(e.name, e.type.text);
  }
const knownClass = (name) => (name && classModule.has(name) ? name : undefined);

const junk = [];
const elements = [];
for (const mod of manifest.modules)
  for (const d of mod.declarations ?? []) {
    if (!d.customElement || !isPublicTag(d.tagName)) continue;
    const byName = new Map();
    for (const e of d.events ?? []) {
      if (!isPortalEvent(e)) {
        junk.push({tag: d.tagName, name: e.name ?? '(no name)', type: e.type?.text ?? ''});
        continue;
      }
      const prev = byName.get(e.name);
      byName.set(e.name, {
        name: e.name,
        description: prev?.description || e.description || '',
        ownType: prev?.ownType ?? knownClass(e.type?.text),
      });
    }
    const events = [...byName.values()].map((e) => {
      const cls =
        e.ownType ?? knownClass(classByEntry.get(e.name)) ?? knownClass(classByStaticType.get(e.name));
      return {name: e.name, description: e.description, type: {text: cls ?? 'Event'}, cls};
    });
    elements.push({module: mod.path, declaration: {...d, events}});
  }
elements.sort((a, b) => a.declaration.tagName.localeCompare(b.declaration.tagName));

if (process.argv.includes('--report-junk')) {
  console.log('Events in custom-elements.json that are not `portal-…` (dropped from the integrations):');
  for (const j of junk) console.log(`  <${j.tag}>  ${JSON.stringify(j.name)}  ${j.type}`);
}

/** The manifest the third-party generators read: the public elements, their events cleaned. */
const cleaned = {
  ...manifest,
  modules: elements.map(({module, declaration}) => ({
    kind: 'javascript-module',
    path: module,
    declarations: [declaration],
    exports: [
      {kind: 'js', name: declaration.name, declaration: {name: declaration.name, module}},
      {
        kind: 'custom-element-definition',
        name: declaration.tagName,
        declaration: {name: declaration.name, module},
      },
    ],
  })),
};

// ------------------------------------------------------------------------------------------------
// Paths: src/x/y.ts → dist/lib/x/y.js and dist/types/x/y.d.ts, relative to a generated file.

const libPath = (srcPath) => srcPath.replace(/^src\//, 'dist/lib/').replace(/\.ts$/, '.js');
const typesPath = (srcPath) => srcPath.replace(/^src\//, 'dist/types/').replace(/\.ts$/, '.js');
const rel = (fromDir, to) => {
  const r = relative(fromDir, to).split('\\').join(posix.sep);
  return r.startsWith('.') ? r : `./${r}`;
};
const defineModule = (tag) => `src/define/${tag}.ts`;
const pascal = (s) => s.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
const eventProp = (name) => `on${pascal(name)}`;
const docComment = (text, indent = '') =>
  text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').split('\n').join(`\n${indent} * `)} */\n` : '';

const banner = `// Generated by scripts/generate-frameworks.mjs from custom-elements.json — do not edit.\n`;
rmSync(FRAMEWORKS, {recursive: true, force: true});
rmSync(REACT, {recursive: true, force: true});
mkdirSync(FRAMEWORKS, {recursive: true});
mkdirSync(REACT, {recursive: true});

// ------------------------------------------------------------------------------------------------
// Types for frameworks' templates, written here rather than by custom-element-{jsx,vuejs,svelte}-
// integration: those type every event as `CustomEvent<type>` and import each event class from the
// element's module, while ours are Event subclasses (data in fields, not `detail`) declared in
// their own modules — the types they wrote were wrong and did not resolve.
//
// types.d.ts       framework-neutral: `<Name>Properties`, `<Name>EventMap`, PortalElements, PortalEventMap
// jsx.d.ts         any JSX (`CustomElements`: properties, attribute spellings, `on<event-name>` handlers)
// react-jsx.d.ts   augments React 19's JSX.IntrinsicElements (one `/// <reference types>` line)
// preact-jsx.d.ts  augments Preact's JSX.IntrinsicElements
// vue.d.ts         augments Vue's GlobalComponents (`:prop`, `@portal-booked`, checked by vue-tsc)
// svelte.d.ts      augments svelte/elements' SvelteHTMLElements (`onportal-booked`, `on:portal-booked`)

/** Settable public properties: what a framework binds. */
const propertiesOf = (d) =>
  (d.members ?? []).filter(
    (m) =>
      m.kind === 'field' &&
      !m.static &&
      !m.readonly &&
      (!m.privacy || m.privacy === 'public') &&
      !/^[_#]/.test(m.name),
  );
const typeImports = (fromDir, names) => {
  const byModule = new Map();
  for (const c of [...new Set(names)].sort()) {
    const p = rel(fromDir, typesPath(classModule.get(c)));
    byModule.set(p, [...(byModule.get(p) ?? []), c]);
  }
  return [...byModule].map(([p, n]) => `import type {${n.join(', ')}} from '${p}';`).join('\n');
};
const quote = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);
const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const summaryOf = (d) => d.summary || (d.description ?? '').split('\n')[0];
const eventClass = (e) => e.cls ?? 'Event';
const eventDoc = (e) => `\`${e.name}\`${e.description ? `: ${e.description}` : ''}`;

const model = elements.map(({module, declaration: d}) => ({
  d,
  module,
  tag: d.tagName,
  name: d.name,
  props: propertiesOf(d),
  attrAliases: (d.attributes ?? []).filter((a) => a.fieldName && a.name !== a.fieldName),
  events: d.events,
}));
const everyClass = [
  ...model.map((m) => m.name),
  ...model.flatMap((m) => m.events.map((e) => e.cls).filter(Boolean)),
];
const gen = (file, text) => writeFileSync(join(FRAMEWORKS, file), `${banner}${text}`);

// types.d.ts
{
  const out = [typeImports(FRAMEWORKS, everyClass), ''];
  const eventMap = new Map();
  for (const m of model) {
    out.push(`/** \`<${m.tag}>\`: the properties a host sets, each optional. */`);
    out.push(`export interface ${m.name}Properties {`);
    for (const p of m.props)
      out.push(`${docComment(p.description ?? '', '  ')}  ${quote(p.name)}?: ${m.name}['${p.name}'];`);
    out.push('}', '');
    out.push(`/** \`<${m.tag}>\`: the events it fires, by name. */`);
    out.push(`export interface ${m.name}EventMap {`);
    for (const e of m.events) {
      out.push(`${docComment(e.description ?? '', '  ')}  '${e.name}': ${eventClass(e)};`);
      eventMap.set(e.name, new Set([...(eventMap.get(e.name) ?? []), eventClass(e)]));
    }
    out.push('}', '');
  }
  out.push('/** Every public tag: its element class, properties and events. */');
  out.push('export interface PortalElements {');
  for (const m of model)
    out.push(
      `  '${m.tag}': {element: ${m.name}; properties: ${m.name}Properties; events: ${m.name}EventMap};`,
    );
  out.push('}', '');
  out.push('/** Every `portal-…` event the public elements fire (they bubble and are composed), by name. */');
  out.push('export interface PortalEventMap {');
  for (const [name, classes] of [...eventMap].sort()) out.push(`  '${name}': ${[...classes].join(' | ')};`);
  out.push('}', '');
  gen('types.d.ts', out.join('\n'));
}

// jsx.d.ts: any JSX runtime
{
  const out = [
    typeImports(FRAMEWORKS, everyClass),
    `import type {${model.map((m) => `${m.name}Properties`).join(', ')}} from './types.js';`,
    '',
  ];
  for (const m of model) {
    out.push(
      `/** \`<${m.tag}>\` in JSX: properties (and their attribute spellings) and \`on<event>\` handlers. */`,
    );
    out.push(`export interface ${m.name}JsxProps extends ${m.name}Properties {`);
    for (const a of m.attrAliases)
      out.push(
        `${docComment(`${a.description ?? ''} (attribute spelling of \`${a.fieldName}\`)`.trim(), '  ')}  '${a.name}'?: ${m.name}['${a.fieldName}'];`,
      );
    for (const e of m.events)
      out.push(`${docComment(eventDoc(e), '  ')}  'on${e.name}'?: (event: ${eventClass(e)}) => void;`);
    out.push('}', '');
  }
  out.push(
    "/** The public tags and their JSX props, without a framework's own attributes (`ref`, `class`…). */",
  );
  out.push('export interface CustomElements {');
  for (const m of model) out.push(`${docComment(summaryOf(m.d), '  ')}  '${m.tag}': ${m.name}JsxProps;`);
  out.push('}', '');
  gen('jsx.d.ts', out.join('\n'));
}

// react-jsx.d.ts and preact-jsx.d.ts: the same props on each framework's own element attributes.
const jsxAugmentation = (moduleName, baseImport, base) => {
  const out = [
    baseImport,
    typeImports(
      FRAMEWORKS,
      model.map((m) => m.name),
    ),
    `import type {CustomElements} from './jsx.js';`,
    '',
    `declare module '${moduleName}' {`,
    '  namespace JSX {',
    '    interface IntrinsicElements {',
  ];
  for (const m of model)
    out.push(
      `${docComment(summaryOf(m.d), '      ')}      '${m.tag}': ${base(m.name)} & CustomElements['${m.tag}'];`,
    );
  out.push('    }', '  }', '}', '');
  return out.join('\n');
};
gen(
  'react-jsx.d.ts',
  jsxAugmentation(
    'react',
    `import type {DetailedHTMLProps, HTMLAttributes} from 'react';`,
    (n) => `DetailedHTMLProps<HTMLAttributes<${n}>, ${n}>`,
  ),
);
gen(
  'preact-jsx.d.ts',
  jsxAugmentation('preact', `import type {HTMLAttributes} from 'preact';`, (n) => `HTMLAttributes<${n}>`),
);

// vue.d.ts
{
  const out = [
    `import type {DefineComponent} from 'vue';`,
    typeImports(FRAMEWORKS, everyClass),
    `import type {${model.map((m) => `${m.name}Properties`).join(', ')}} from './types.js';`,
    '',
  ];
  for (const m of model) {
    out.push(`/** \`<${m.tag}>\` in a Vue template: \`:property\` bindings and \`@portal-…\` listeners. */`);
    out.push(`export interface ${m.name}VueProps extends ${m.name}Properties {`);
    for (const e of m.events)
      out.push(
        `${docComment(eventDoc(e), '  ')}  on${camel(`-${e.name}`)}?: (event: ${eventClass(e)}) => void;`,
      );
    out.push('}', '');
  }
  out.push(`declare module 'vue' {`, '  interface GlobalComponents {');
  for (const m of model)
    out.push(`${docComment(summaryOf(m.d), '    ')}    '${m.tag}': DefineComponent<${m.name}VueProps>;`);
  out.push('  }', '}', '');
  gen('vue.d.ts', out.join('\n'));
}

// svelte.d.ts
{
  const out = [
    `import type {HTMLAttributes} from 'svelte/elements';`,
    typeImports(FRAMEWORKS, everyClass),
    `import type {CustomElements} from './jsx.js';`,
    '',
  ];
  for (const m of model) {
    out.push(
      `/** \`<${m.tag}>\` in Svelte: Svelte 4's \`on:portal-…\` directives (Svelte 5's \`onportal-…\` come from the JSX props). */`,
    );
    out.push(`export interface ${m.name}SvelteEvents {`);
    for (const e of m.events)
      out.push(`${docComment(eventDoc(e), '  ')}  'on:${e.name}'?: (event: ${eventClass(e)}) => void;`);
    out.push('}', '');
  }
  out.push(`declare module 'svelte/elements' {`, '  interface SvelteHTMLElements {');
  for (const m of model)
    out.push(
      `${docComment(summaryOf(m.d), '    ')}    '${m.tag}': HTMLAttributes<${m.name}> & CustomElements['${m.tag}'] & ${m.name}SvelteEvents;`,
    );
  out.push('  }', '}', '');
  gen('svelte.d.ts', out.join('\n'));
}
// ------------------------------------------------------------------------------------------------
// Editors: VS Code custom data, JetBrains web-types.

const common = {hideLogs: true, descriptionSrc: 'description', hideMethodDocs: true};
generateVsCodeCustomElementData(cleaned, {
  ...common,
  outdir: FRAMEWORKS,
  htmlFileName: 'vscode.html-custom-data.json',
  cssFileName: 'vscode.css-custom-data.json',
});
generateJetBrainsWebTypes(cleaned, {
  ...common,
  outdir: FRAMEWORKS,
  webTypesFileName: 'web-types.json',
  packageJson: false,
});

// ------------------------------------------------------------------------------------------------
// React wrappers (hand-written generation: @lit/react's createComponent, one module per tag so a
// bundler keeps only the tags a page uses, and an index).

const index = {js: [], dts: []};
for (const {module, declaration: d} of elements) {
  const file = d.tagName;
  const events = d.events.filter((e) => e.name.startsWith('portal-'));
  const eventClasses = [...new Set(events.map((e) => e.cls).filter(Boolean))].sort();

  const js = `${banner}import * as React from 'react';
import {createComponent} from '@lit/react';
import {${d.name} as Element} from '${rel(REACT, libPath(module))}';
import '${rel(REACT, libPath(defineModule(d.tagName)))}';

${docComment(`\`<${d.tagName}>\` as a React component (registers the tag). ${d.summary ?? ''}`.trim())}export const ${d.name} = createComponent({
  react: React,
  tagName: '${d.tagName}',
  elementClass: Element,
  displayName: '${d.name}',
  events: {
${events.map((e) => `    ${eventProp(e.name)}: '${e.name}',`).join('\n')}
  },
});
`;
  const byModule = new Map();
  for (const c of eventClasses) {
    const p = rel(REACT, typesPath(classModule.get(c)));
    byModule.set(p, [...(byModule.get(p) ?? []), c]);
  }
  const dts = `${banner}import type {EventName, ReactWebComponent} from '@lit/react';
import type {${d.name} as Element} from '${rel(REACT, typesPath(module))}';
${[...byModule].map(([p, names]) => `import type {${names.join(', ')}} from '${p}';`).join('\n')}

/** The \`on…\` props of \`<${d.name}>\`: each listens for one of the element's events. */
export type ${d.name}Events = {
${events
  .map(
    (e) =>
      `${docComment(`\`${e.name}\`${e.description ? `: ${e.description}` : ''}`, '  ')}  ${eventProp(e.name)}: EventName<${e.cls ?? 'Event'}>;`,
  )
  .join('\n')}
};

${docComment(`\`<${d.tagName}>\` as a React component (registers the tag). ${d.summary ?? ''}`.trim())}export declare const ${d.name}: ReactWebComponent<Element, ${d.name}Events>;
`;
  writeFileSync(join(REACT, `${file}.js`), js);
  writeFileSync(join(REACT, `${file}.d.ts`), dts);
  index.js.push(`export {${d.name}} from './${file}.js';`);
  index.dts.push(`export {${d.name}, type ${d.name}Events} from './${file}.js';`);
}
writeFileSync(join(REACT, 'index.js'), `${banner}${index.js.join('\n')}\n`);
writeFileSync(join(REACT, 'index.d.ts'), `${banner}${index.dts.join('\n')}\n`);

console.log(
  `Framework integration from ${MANIFEST}: ${elements.length} public elements (${elements
    .map((e) => e.declaration.tagName)
    .join(
      ', ',
    )}) → ${REACT}/, ${FRAMEWORKS}/ (jsx, vue, svelte, VS Code, web-types) — ${pkg.name}@${pkg.version}` +
    (junk.length ? `; ${junk.length} non-portal event entries dropped (--report-junk lists them)` : ''),
);
