// Tolerant readers for BSC DM-Hub's usage answers, which have no published schema: missing and extra fields become oddities; pure, runs in main.

/**
 * DM-Hub documents its usage endpoints but no response schema (HUBS.md). These readers accept the
 * shape the simulated hub defines (see test/fakes/hubs/dmhub.fake.ts) and tolerate what a real
 * server may do differently: numbers as strings, `name` instead of `fileset`, dates as ISO text or
 * epoch ms, missing totals, unknown fields. What they skip or guess is listed as an oddity.
 */

export type Parsed<T> = { ok: true; value: T; oddities: string[] } | { ok: false; what: string }

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const bytesOf = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value)
  return undefined
}

/** Epoch ms of a day: `YYYY-MM-DD` (UTC), ISO date-time, or epoch ms. */
export const dayOf = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  const at = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text)
  return Number.isNaN(at) ? undefined : at
}

const nameOf = (entry: Record<string, unknown>): string | undefined => {
  const name = entry.fileset ?? entry.name ?? entry.filesetName
  return typeof name === 'string' && name.trim() !== '' ? name : undefined
}

const extraFields = (
  json: Record<string, unknown>,
  known: readonly string[]
): string | undefined => {
  const extra = Object.keys(json).filter((key) => !known.includes(key))
  return extra.length > 0 ? `unexpected fields: ${extra.slice(0, 5).join(', ')}` : undefined
}

export interface MyUsage {
  username: string | undefined
  totalBytes: number
  filesets: Array<{ name: string; bytes: number }>
}

/** `GET /apiBack/dataUsageDaily/myDataUsage`: the caller's own storage, per fileset. */
export const parseMyUsage = (json: unknown): Parsed<MyUsage> => {
  if (!isRecord(json)) return { ok: false, what: 'the body is not a JSON object' }
  const oddities: string[] = []
  const extra = extraFields(json, ['username', 'date', 'totalBytes', 'filesets'])
  if (extra) oddities.push(extra)
  const username = typeof json.username === 'string' ? json.username : undefined
  if (username === undefined) oddities.push('the user name was missing')
  const filesets: Array<{ name: string; bytes: number }> = []
  if (!Array.isArray(json.filesets)) oddities.push('the fileset list was missing')
  let skipped = 0
  for (const entry of Array.isArray(json.filesets) ? json.filesets : []) {
    const name = isRecord(entry) ? nameOf(entry) : undefined
    const bytes = isRecord(entry) ? bytesOf(entry.bytes) : undefined
    if (name === undefined || bytes === undefined) skipped += 1
    else filesets.push({ name, bytes })
  }
  if (skipped > 0) oddities.push(`${skipped} fileset entries without a name or size were skipped`)
  let totalBytes = bytesOf(json.totalBytes)
  if (totalBytes === undefined) {
    totalBytes = filesets.reduce((sum, fileset) => sum + fileset.bytes, 0)
    oddities.push('the total was missing; it is the sum of the filesets')
  }
  return { ok: true, value: { username, totalBytes, filesets }, oddities }
}

/** Adds one day's bytes into a per-day map, tallying entries that had no readable day or size. */
const addDay = (into: Map<number, number>, entry: unknown, tally: { skipped: number }): void => {
  const day = isRecord(entry) ? dayOf(entry.date ?? entry.day) : undefined
  const bytes = isRecord(entry) ? bytesOf(entry.bytes) : undefined
  if (day === undefined || bytes === undefined) {
    tally.skipped += 1
    return
  }
  into.set(day, (into.get(day) ?? 0) + bytes)
}

/**
 * `GET .../users/filesets/historic/{filesetName}`: per user, their daily storage in the fileset.
 * Answers the fileset's daily total over the users listed (a plain user sees only themselves).
 */
export const parseHistoric = (json: unknown): Parsed<Map<number, number>> => {
  if (!isRecord(json)) return { ok: false, what: 'the body is not a JSON object' }
  if (!Array.isArray(json.users)) return { ok: false, what: 'the `users` list is missing' }
  const oddities: string[] = []
  const extra = extraFields(json, ['fileset', 'users'])
  if (extra) oddities.push(extra)
  const days = new Map<number, number>()
  const tally = { skipped: 0 }
  for (const user of json.users) {
    const history = isRecord(user) ? (user.history ?? user.series) : undefined
    if (!Array.isArray(history)) {
      tally.skipped += 1
      continue
    }
    for (const entry of history) addDay(days, entry, tally)
  }
  if (tally.skipped > 0)
    oddities.push(`${tally.skipped} entries without a day or size were skipped`)
  return { ok: true, value: days, oddities }
}

/**
 * `GET .../timeseries/filesets?startDate&endDate` (owners and admins): per fileset, its daily
 * storage. Answers each fileset's days.
 */
export const parseTimeseries = (
  json: unknown
): Parsed<Array<{ name: string; days: Map<number, number> }>> => {
  if (!isRecord(json)) return { ok: false, what: 'the body is not a JSON object' }
  if (!Array.isArray(json.filesets)) return { ok: false, what: 'the `filesets` list is missing' }
  const oddities: string[] = []
  const extra = extraFields(json, ['startDate', 'endDate', 'filesets'])
  if (extra) oddities.push(extra)
  const out: Array<{ name: string; days: Map<number, number> }> = []
  const tally = { skipped: 0 }
  let unnamed = 0
  for (const entry of json.filesets) {
    const name = isRecord(entry) ? nameOf(entry) : undefined
    const series = isRecord(entry) ? (entry.series ?? entry.history) : undefined
    if (name === undefined || !Array.isArray(series)) {
      unnamed += 1
      continue
    }
    const days = new Map<number, number>()
    for (const point of series) addDay(days, point, tally)
    out.push({ name, days })
  }
  if (unnamed > 0) oddities.push(`${unnamed} filesets without a name or series were skipped`)
  if (tally.skipped > 0)
    oddities.push(`${tally.skipped} entries without a day or size were skipped`)
  return { ok: true, value: out, oddities }
}

/** The message of a refusal: Spring's `{timestamp, status, error, message, path}` or similar. */
export const refusalMessage = (json: unknown): string | undefined => {
  if (!isRecord(json)) return undefined
  for (const value of [json.message, json.error_description, json.error, json.detail]) {
    if (typeof value === 'string' && value.trim() !== '') return value
  }
  return undefined
}
