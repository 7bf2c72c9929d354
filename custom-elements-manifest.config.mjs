export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.stories.ts', 'src/localization/generated/**', 'src/adapters/**', 'src/domain/**'],
  outdir: '.',
  litelement: true,
};
