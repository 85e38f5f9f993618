// Types of layering.table.mjs (the layering table ESLint and the layering test share), for the TypeScript test.
import type { Linter } from 'eslint'

export interface LayeringRow {
  /** Repository path of the folder (no trailing slash) or of a single file. */
  folder: string
  runsIn: string
  /** 'node', 'electron', 'npm', package names and repository paths. */
  mayImport: string[]
  message: string
}

export const layeringRows: LayeringRow[]
export const maxDepth: number
export const allowedSpecifier: (row: LayeringRow, depth: number) => string
export const refusedSpecifier: (row: LayeringRow, depth: number) => string
export const layeringConfigs: () => Linter.Config[]
