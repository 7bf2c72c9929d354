/**
 * Constructor parameter properties (`constructor(readonly appointment: AppointmentSummary)`) are
 * how the events carry their payload; the analyzer leaves them out, so this adds them as readonly
 * fields — the events' "detail" types in Storybook's docs come from here.
 */
function parameterProperties() {
  return {
    name: 'parameter-properties',
    analyzePhase({ts, node, moduleDoc}) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const doc = moduleDoc.declarations?.find((d) => d.name === node.name.text);
      const ctor = node.members.find((m) => ts.isConstructorDeclaration(m));
      if (!doc || !ctor) return;
      for (const p of ctor.parameters) {
        const mods = ts.getModifiers?.(p) ?? [];
        const readonly = mods.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
        const privateish = mods.some(
          (m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword,
        );
        if (!readonly || privateish || !ts.isIdentifier(p.name)) continue;
        doc.members ??= [];
        if (doc.members.some((m) => m.name === p.name.text)) continue;
        doc.members.push({
          kind: 'field',
          name: p.name.text,
          type: {text: p.type?.getText() ?? 'unknown'},
          readonly: true,
        });
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.stories.ts', 'src/localization/generated/**', 'src/adapters/**', 'src/domain/**'],
  outdir: '.',
  litelement: true,
  plugins: [parameterProperties()],
};
