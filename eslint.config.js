// ESLint flat config: TypeScript rules plus the layering table of DESIGN.md section 1 as import bans.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import { builtinModules } from 'node:module'

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'))
const ban = (message, ...regexes) => regexes.map((regex) => ({ regex, message }))
// Anchored regexes, so a relative import like '../events' is not mistaken for the builtin 'events'.
const nodeBan = (where) => [
  { regex: '^node:', message: `${where} must not import Node builtins.` },
  {
    regex: `^(${nodeBuiltins.map((name) => name.replace(/[/]/g, '\\/')).join('|')})(/.*)?$`,
    message: `${where} must not import Node builtins.`
  }
]
const restrict = (files, patterns, paths = []) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] }
})
const electronPath = (where) => [{ name: 'electron', message: `${where} must not import electron.` }]

export default tseslint.config(
  { ignores: ['.hubkeys-dev/**', 'out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off'
    }
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}', 'test/component/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn'
    }
  },
  // Layering (DESIGN.md section 1). A wrong import fails `npm run lint`, which `npm test` runs.
  // ipaddr.js is allowed in contract and core: pure, dependency-free IP math that the renderer's
  // IP-filter editor and the hub adapters must agree on, so it lives in the shared contract.
  restrict(
    ['src-main/contract/**/*.ts'],
    [
      ...nodeBan('src-main/contract'),
      ...ban('src-main/contract may import only zod, ipaddr.js (pure IP math) and itself.', '^(?!zod$|zod/|ipaddr\\.js$|\\./).+')
    ],
    electronPath('src-main/contract')
  ),
  restrict(
    ['src-main/core/**/*.ts'],
    [
      // Issue 3's check is stricter than DESIGN.md's table: no Node builtins in core either. The few
      // host primitives core needs come through core/platform.ts, installed by each entry point.
      ...nodeBan('src-main/core'),
      ...ban(
        'src-main/core may import only the contract, core itself, zod and ipaddr.js; reach adapters through core/ports.',
        '^(?!zod$|ipaddr\\.js$|\\.).+',
        '(^|/)(adapters|electron|web|cli)(/|$)',
        'src-(preload|renderer)'
      )
    ],
    electronPath('src-main/core')
  ),
  restrict(
    ['src-main/adapters/**/*.ts'],
    ban('src-main/adapters must not reach into electron, web, cli or the renderer.', '^\\.\\./\\.\\./(electron|web|cli)(/|$)', 'src-(preload|renderer)'),
    electronPath('src-main/adapters')
  ),
  restrict(
    ['src-main/electron/**/*.ts'],
    ban('src-main/electron must not import the renderer.', 'src-renderer')
  ),
  restrict(
    ['src-main/web/**/*.ts', 'src-main/cli/**/*.ts'],
    ban('web and cli must not import the Electron glue.', '(^|/)electron/', 'src-renderer'),
    electronPath('src-main/web and src-main/cli')
  ),
  restrict(
    ['src-main/launcher/**/*.ts'],
    ban('src-main/launcher runs before any build of the app is known to work: Node builtins and itself only.', '^(?!node:|\\./).+'),
    electronPath('src-main/launcher (plain Node)')
  ),
  restrict(
    ['src-preload/**/*.ts'],
    [
      ...nodeBan('src-preload'),
      ...ban('src-preload may import only electron and the contract.', '^(?!electron$|\\.\\./src-main/contract/|\\./).+')
    ]
  ),
  restrict(
    ['src-preload/web-bridge.ts'],
    [...nodeBan('The web bridge'), ...ban('The web bridge may import only the contract.', '^(?!\\.\\./src-main/contract/).+')],
    electronPath('The web bridge (it runs in a plain browser)')
  ),
  restrict(
    ['src-renderer/**/*.{ts,tsx}'],
    [
      ...nodeBan('src-renderer'),
      ...ban('src-renderer may import only the contract from src-main.', 'src-main/(?!contract/)', 'src-preload')
    ],
    electronPath('src-renderer')
  )
)
