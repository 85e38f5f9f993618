// ESLint flat config: TypeScript rules plus the layering table (test/layering/layering.table.mjs) as import bans.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import { layeringConfigs } from './test/layering/layering.table.mjs'

export default tseslint.config(
  {
    ignores: [
      '.hubkeys-dev/**',
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'test/fixtures/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
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
  // Layering (DESIGN.md section 1): one entry per row of test/layering/layering.table.mjs and depth
  // below its folder, so relative imports resolve exactly. A wrong import fails `npm run lint`,
  // which `npm test` runs; test/unit/layering.test.ts proves each row from the same table.
  ...layeringConfigs()
)
