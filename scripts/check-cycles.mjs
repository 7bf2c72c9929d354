#!/usr/bin/env node
/**
 * Fails on an import cycle among the project's own modules in src/ and server/ (issue #13: the
 * memory adapter's parts once imported the adapter that lazy-loads them). Every import counts:
 * static, `import type`, `export … from` and dynamic `import('…')`, because each is a dependency a
 * reader has to follow. Relative `.js` specifiers are resolved to the `.ts` files beside them.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import ts from 'typescript';

const roots = ['src', 'server'];
const files = [];
const walk = (dir) => {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) {
      if (!/generated|node_modules/.test(p)) walk(p);
    } else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) files.push(resolve(p));
  }
};
for (const r of roots) if (existsSync(r)) walk(r);

/** Module specifiers a file imports (static, type-only, re-exports and dynamic). */
function specifiers(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
      out.push(node.moduleSpecifier.text);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      out.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const graph = new Map();
for (const file of files) {
  const deps = [];
  for (const s of specifiers(file)) {
    if (!s.startsWith('.')) continue;
    const target = resolve(dirname(file), s.replace(/\.js$/, '.ts'));
    if (existsSync(target)) deps.push(target);
  }
  graph.set(file, deps);
}

// Tarjan's strongly connected components: any component of two or more modules is a cycle.
let index = 0;
const stack = [];
const meta = new Map();
const cycles = [];
function strongConnect(v) {
  meta.set(v, {index, low: index, on: true});
  index++;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!meta.has(w)) {
      strongConnect(w);
      meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
    } else if (meta.get(w).on) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
  }
  if (meta.get(v).low === meta.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      meta.get(w).on = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component);
  }
}
for (const v of graph.keys()) if (!meta.has(v)) strongConnect(v);

if (cycles.length > 0) {
  console.error(`Import cycles (${cycles.length}):`);
  for (const c of cycles) console.error(`  ${c.map((f) => relative(process.cwd(), f)).join(' ↔ ')}`);
  process.exit(1);
}
console.log(`No import cycle among ${files.length} modules in ${roots.join(', ')}.`);
