// @ts-check
/** Lint rules, including the design's import boundaries: only server/src/lsp knows LSP, only client knows vscode. */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const lspPackages = ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-textdocument', 'vscode-languageserver-protocol'];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.code-server/', '.vscode-test/', 'test-results/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Only client/ may use the VS Code API.' }],
      }],
    },
  },
  {
    // The core is pure TypeScript: no VS Code API, no LSP.
    files: ['server/src/{aws,emulator,endpoint,organizations,policies,permissions}/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Only client/ may use the VS Code API.' }],
        patterns: [{ group: lspPackages, message: 'Only server/src/lsp/ (and protocol.ts) may know LSP.' }],
      }],
    },
  },
  {
    // The client is UI glue: from the server it may import only the protocol.
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(\\.\\./)+server/src/(?!protocol$)', message: 'The client may import only server/src/protocol from the server.' }],
      }],
    },
  },
);
