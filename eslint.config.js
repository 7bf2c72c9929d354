import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import {configs as litConfigs} from 'eslint-plugin-lit';
import {configs as wcConfigs} from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';

// Patterns that break under a strict CSP / Trusted Types or open an injection path (QUALITY 9).
const bannedSyntax = [
  {
    selector: "MemberExpression[property.name='innerHTML']",
    message: 'No innerHTML: render with lit templates.',
  },
  {
    selector: "MemberExpression[property.name='outerHTML']",
    message: 'No outerHTML: render with lit templates.',
  },
  {selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'No insertAdjacentHTML.'},
  {selector: "CallExpression[callee.name='eval']", message: 'No eval.'},
  {selector: "NewExpression[callee.name='Function']", message: 'No new Function.'},
  {
    selector: 'TemplateElement[value.raw=/\\sstyle=/]',
    message: 'No inline style attributes: they break under style-src self.',
  },
];
const bannedImports = {
  patterns: [
    {
      group: [
        'lit/directives/unsafe-html.js',
        'lit/directives/unsafe-svg.js',
        'lit/directives/unsafe-mathml.js',
      ],
      message: 'Unsafe directives are banned (QUALITY 9).',
    },
    {group: ['lit/directives/style-map.js'], message: 'styleMap breaks under a strict CSP (QUALITY 9).'},
    {
      group: ['lit/static-html.js'],
      importNames: ['unsafeStatic'],
      message: 'unsafeStatic is banned (QUALITY 9).',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'storybook-static/',
      'node_modules/',
      'src/localization/generated/',
      'custom-elements.json',
      '.bench/',
      'screenshots/',
      '.demo-build/',
      '.api-docs/',
      'examples/node_modules/',
      'examples/*/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'stories/**/*.ts', 'test/**/*.ts'],
    ...litConfigs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    ...wcConfigs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts', 'stories/**/*.ts'],
    plugins: {'lit-a11y': litA11y},
    rules: {...litA11y.configs.recommended.rules},
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      'no-restricted-syntax': ['error', ...bannedSyntax],
      'no-restricted-imports': ['error', bannedImports],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // Library code never logs: the host page's logs may be collected (QUALITY 11).
      'no-console': ['error', {allow: ['warn']}],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.config.*', '.storybook/*', 'server/**/*'],
    languageOptions: {globals: {...globals.node, ...globals.browser}},
  },
  {
    files: ['demo/**/*.js'],
    languageOptions: {globals: globals.browser},
  },
  {
    files: ['test/**/*.ts'],
    rules: {'@typescript-eslint/no-unused-expressions': 'off'},
  },
);
