// The header editor's rows (name, value, Owl's not-sent check) and their problems, checked with the same contract rules main applies; renderer.
import {
  datahubHeaderNameProblem,
  datahubHeaderValueProblem
} from '../../../../src-main/contract/datahub-rules'
import type { HeaderRule } from '../../../../src-main/contract/hubs.contract'

/** One row as typed; `id` only keeps React's keys and focus stable while rows come and go. */
export interface HeaderRow {
  id: string
  name: string
  value: string
  /** Sent with each export answer; Owl shows the opposite as a check ("not sent"). */
  enabled: boolean
}

export interface RowProblems {
  name?: string
  value?: string
}

let nextId = 0
const newId = () => `header-row-${(nextId += 1)}`

export const emptyRow = (): HeaderRow => ({ id: newId(), name: '', value: '', enabled: true })

export const rowsFromHeaders = (headers: readonly HeaderRule[]): HeaderRow[] =>
  headers.map((header) => ({ id: newId(), ...header }))

/** What each row gets wrong, by row id; the same name twice (any case) is wrong on the later row. */
export const rowProblems = (rows: readonly HeaderRow[]): Map<string, RowProblems> => {
  const problems = new Map<string, RowProblems>()
  const seen = new Set<string>()
  for (const row of rows) {
    const name = row.name.trim()
    let nameProblem = datahubHeaderNameProblem(name) ?? undefined
    if (!nameProblem && seen.has(name.toLowerCase())) nameProblem = `${name} is listed twice.`
    seen.add(name.toLowerCase())
    const valueProblem = datahubHeaderValueProblem(name, row.value.trim()) ?? undefined
    if (nameProblem || valueProblem) {
      problems.set(row.id, {
        ...(nameProblem ? { name: nameProblem } : {}),
        ...(valueProblem ? { value: valueProblem } : {})
      })
    }
  }
  return problems
}

/** The rows as the contract takes them (trimmed), or null while any row is wrong. */
export const headersFromRows = (rows: readonly HeaderRow[]): HeaderRule[] | null =>
  rowProblems(rows).size > 0
    ? null
    : rows.map((row) => ({ name: row.name.trim(), value: row.value.trim(), enabled: row.enabled }))
