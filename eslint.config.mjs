// @ts-check
/**
 * Lint rules, including the architecture's floors as folder rules (ARCHITECTURE.md draws them): only the client
 * knows VS Code and imports only the protocol from the server; only server/src/lsp/ knows LSP; aws/ imports no
 * feature; the engine imports neither the connections, the endpoint nor the protocol that serve it.
 * test/unit/architecture.test.ts proves each floor by linting a probe file that breaks it.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const vscodeApi = { name: 'vscode', message: 'Only client/ may use the VS Code API.' };
const lspPackages = {
  group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-textdocument', 'vscode-languageserver-protocol'],
  message: 'Only server/src/lsp/ (and protocol.ts) may know LSP.',
};

/** A relative import, from any depth below server/src, of one of its folders or top-level modules. */
function serverModules(names, message) {
  return { regex: `^(\\.\\./)+(server/src/)?(${names.join('|')})(/|$)`, message };
}

const notLsp = serverModules(['lsp'], 'Only main.ts reaches server/src/lsp/: the core never imports the LSP wiring.');

/**
 * The floors of server/src: each folder with what it may not import. Every folder of the core also keeps to
 * `notLsp` and imports neither the VS Code API nor LSP.
 */
const floors = {
  aws: [{ regex: '^\\.\\.(/|$)', message: "aws/ is AWS's vocabulary below every feature: it imports only other aws/ modules." }],
  emulator: [serverModules(['organizations', 'endpoint', 'protocol'], 'The engine knows nothing of the connections, the endpoint or the protocol that serve it.')],
  endpoint: [],
  organizations: [],
  policies: [],
  permissions: [],
};

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
    rules: { 'no-restricted-imports': ['error', { paths: [vscodeApi] }] },
  },
  // A file takes the options of the last entry that names it, so each floor lists all that its folder may not import.
  ...Object.entries(floors).map(([folder, forbidden]) => ({
    files: [`server/src/${folder}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { paths: [vscodeApi], patterns: [lspPackages, notLsp, ...forbidden] }] },
  })),
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
