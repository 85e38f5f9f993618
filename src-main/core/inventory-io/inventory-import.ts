// Records keys made elsewhere from CSV rows (name, value, status, expires, created, owner, ip_rules): every row checked first, bad rows reported with their line, the rest recorded; core, runs in main, web mode and the CLI.
import { parseCsv, type CsvRecord } from '../../contract/csv-text'
import {
  type importColumns,
  type ImportResult,
  type ImportRow
} from '../../contract/inventory-io.contract'
import { hubForms } from '../../contract/hub-forms'
import type { Capabilities } from '../../contract/hubs.contract'
import { parseIpEntry } from '../../contract/ip-filter/ip-entry'
import { recordKeyRequestSchema } from '../../contract/keys.contract'
import { AppError } from '../../contract/result'
import { Secret } from '../../common/secret'
import type { ConnectionsService } from '../connections/connections.service'
import { fingerprintOf } from '../hubs/fingerprint'
import type { KeysService, RecordKeyInput } from '../keys/keys.service'
import type { InventoryStore } from '../ports/inventory-store.port'

export interface InventoryImportOptions {
  connections: Pick<ConnectionsService, 'get' | 'moduleFor'>
  keys: Pick<KeysService, 'record'>
  store: Pick<InventoryStore, 'listKeys'>
}

type Column = (typeof importColumns)[number]

/** Header names people write for the same column. */
const aliases: Record<string, Column> = {
  name: 'name',
  value: 'value',
  secret: 'value',
  key: 'value',
  token: 'value',
  status: 'status',
  expires: 'expires',
  expires_at: 'expires',
  expiry: 'expires',
  created: 'created',
  created_at: 'created',
  owner: 'owner',
  ip_rules: 'ip_rules',
  ips: 'ip_rules',
  ip: 'ip_rules'
}

const dateOf = (column: string, text: string): number | null | string => {
  if (text === '') return null
  // A bare date is midnight UTC; anything else must say its offset, or it means this machine's zone.
  const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text)
  return Number.isNaN(at)
    ? `${column} "${text}" is not a date; write it as 2027-03-31 or 2027-03-31T12:00:00Z.`
    : at
}

interface CheckedRow {
  line: number
  name: string
  /** Why it cannot be imported, or the input to record. Never log `input.secret`. */
  problem?: string
  input?: Omit<RecordKeyInput, 'secret'> & { value: string }
}

const checkRow = (
  record: CsvRecord,
  index: Map<Column, number>,
  connectionId: string,
  hub: { label: string; capabilities: Capabilities }
): CheckedRow => {
  const cell = (column: Column) => {
    const at = index.get(column)
    return at === undefined ? '' : (record.cells[at] ?? '').trim()
  }
  const name = cell('name')
  const fail = (problem: string): CheckedRow => ({ line: record.line, name, problem })
  if (record.cells.length > index.size + 5 || record.cells.length < 2)
    return fail(`The row has ${record.cells.length} cells; the header has ${index.size} columns.`)
  const status = cell('status').toLowerCase()
  if (status !== '' && status !== 'active' && status !== 'inactive')
    return fail(`status "${cell('status')}" must be active or inactive (or empty for active).`)
  const expiresAt = dateOf('expires', cell('expires'))
  if (typeof expiresAt === 'string') return fail(expiresAt)
  const createdAt = dateOf('created', cell('created'))
  if (typeof createdAt === 'string') return fail(createdAt)
  const ipText = cell('ip_rules')
  const ipRules = ipText === '' ? undefined : ipText.split(/\s*[;\n]\s*/).filter(Boolean)
  for (const rule of ipRules ?? []) {
    const parsed = parseIpEntry(rule)
    if (!parsed.ok) return fail(`ip_rules: ${parsed.error}`)
  }
  // What the hub kind does not keep is refused here, so the dry run says what the import will do.
  const { update } = hub.capabilities
  if (ipRules !== undefined && !update.ips)
    return fail(`${hub.label} keys have no IP rules; leave ip_rules empty.`)
  if (status !== '' && !update.status)
    return fail(`${hub.label} keys have no status; leave status empty.`)
  if (expiresAt !== null && !update.expiry)
    return fail(`${hub.label} keys have no expiry date; leave expires empty.`)
  const request = {
    connectionId,
    name,
    secret: cell('value'),
    ...(status === '' ? {} : { status }),
    ...(expiresAt === null ? {} : { expiresAt }),
    ...(createdAt === null ? {} : { createdAt }),
    ...(cell('owner') === '' ? {} : { owner: cell('owner') }),
    ...(ipRules === undefined ? {} : { ipRules })
  }
  const parsed = recordKeyRequestSchema.safeParse(request)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path[0] === 'secret' ? 'value' : String(issue?.path[0] ?? 'row')
    // The message never quotes the value itself: that cell is key material.
    return fail(
      field === 'value'
        ? 'value is empty or longer than 8,192 characters.'
        : `${field}: ${issue?.message ?? 'not valid.'}`
    )
  }
  const { secret, connectionId: _connection, ...input } = parsed.data
  return { line: record.line, name, input: { ...input, value: secret } }
}

export const createInventoryImport = (options: InventoryImportOptions) => {
  return async (request: {
    connectionId: string
    csv: string
    dryRun: boolean
  }): Promise<ImportResult> => {
    const connection = options.connections.get(request.connectionId)
    const capabilities = options.connections.moduleFor(connection.kind).capabilities
    if (capabilities.list !== 'local') {
      throw new AppError(
        'BAD_REQUEST',
        `${connection.name} lists its own keys; sync it instead of importing keys from a file.`
      )
    }
    let records: CsvRecord[]
    try {
      records = parseCsv(request.csv)
    } catch (error) {
      throw new AppError('BAD_REQUEST', `The file is not readable CSV: ${(error as Error).message}`)
    }
    const [header, ...rows] = records
    if (!header) throw new AppError('BAD_REQUEST', 'The file has no header row.')
    const index = new Map<Column, number>()
    const notes: string[] = []
    header.cells.forEach((raw, at) => {
      const title = raw
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
      const column = aliases[title]
      if (column && !index.has(column)) index.set(column, at)
      else if (title !== '') notes.push(`The column "${raw.trim()}" is not read.`)
    })
    const lacking = (['name', 'value'] as const).filter((column) => !index.has(column))
    if (lacking.length > 0) {
      throw new AppError(
        'BAD_REQUEST',
        `The header row needs the columns ${lacking.join(' and ')} (it has: ${header.cells.join(', ') || 'nothing'}).`
      )
    }
    if (rows.length === 0) throw new AppError('BAD_REQUEST', 'The file has a header but no rows.')

    // A value already recorded on this connection, or twice in the file, is refused by fingerprint.
    const known = new Map(
      options.store
        .listKeys(request.connectionId)
        .flatMap((key) => (key.fingerprint ? [[key.fingerprint, key.name] as const] : []))
    )
    const seen = new Map<string, number>()
    const result: ImportRow[] = []
    let imported = 0
    const hub = { label: hubForms[connection.kind].label, capabilities }
    for (const row of rows.map((record) => checkRow(record, index, request.connectionId, hub))) {
      if (!row.input) {
        result.push({ line: row.line, name: row.name, outcome: 'error', detail: row.problem ?? '' })
        continue
      }
      const { value, ...input } = row.input
      // Never log this; it is key material. Zeroed when the row is done.
      using secret = Secret.fromString(value)
      const fingerprint = fingerprintOf(secret)
      const already = known.get(fingerprint)
      const earlier = seen.get(fingerprint)
      if (already !== undefined || earlier !== undefined) {
        result.push({
          line: row.line,
          name: row.name,
          outcome: 'error',
          detail:
            already !== undefined
              ? `This value is already recorded here as "${already}".`
              : `The same value is on line ${earlier} of the file.`
        })
        continue
      }
      seen.set(fingerprint, row.line)
      if (request.dryRun) {
        result.push({
          line: row.line,
          name: row.name,
          outcome: 'ready',
          detail: 'Ready to record.'
        })
        continue
      }
      try {
        await options.keys.record(request.connectionId, { ...input, secret })
        imported += 1
        result.push({ line: row.line, name: row.name, outcome: 'imported', detail: 'Recorded.' })
      } catch (error) {
        const message = error instanceof AppError ? error.message : 'Hubkeys could not record it.'
        result.push({ line: row.line, name: row.name, outcome: 'error', detail: message })
      }
    }
    return {
      dryRun: request.dryRun,
      notes,
      rows: result,
      ready: result.filter((row) => row.outcome === 'ready').length,
      imported,
      failed: result.filter((row) => row.outcome === 'error').length
    }
  }
}
