// Tolerant readers for the Owl Data Hub export endpoint's answers (records with collection.meta, errors); pure, runs in main.
import { z } from 'zod'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const number = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)])

const metaSchema = z.object({
  count: number.optional().catch(undefined),
  name: z.string().optional().catch(undefined),
  limit: number.optional().catch(undefined),
  offset: number.optional().catch(undefined)
})

export interface ExportAnswer {
  /** `collection.meta.name`: the export's name, when sent. */
  name: string | undefined
  /** `collection.meta.count`, when sent. */
  count: number | undefined
  oddities: string[]
}

/**
 * The export answer. HUBS.md names only `collection.meta` (through the header placeholders), so
 * that is all this reads; a JSON object without it still counts as an answer, with an oddity. A body
 * that is not a JSON object is not the export (a proxy's login page answers 200 too).
 */
export const parseExportAnswer = (
  json: unknown
): { ok: true; value: ExportAnswer } | { ok: false; what: string } => {
  if (!isRecord(json)) return { ok: false, what: 'the body is not a JSON object' }
  const collection = json.collection
  const oddities: string[] = []
  if (!isRecord(collection)) {
    oddities.push('the answer had no `collection`')
    return { ok: true, value: { name: undefined, count: undefined, oddities } }
  }
  if (!isRecord(collection.meta)) oddities.push('the answer had no `collection.meta`')
  const meta = metaSchema.safeParse(isRecord(collection.meta) ? collection.meta : {})
  const data = meta.success ? meta.data : {}
  if (isRecord(collection.meta) && data.count === undefined)
    oddities.push('`collection.meta.count` was unreadable')
  return { ok: true, value: { name: data.name, count: data.count, oddities } }
}

/** The message of a refusal, in the shapes consumer APIs use (`{error: {message}}`, `{message}`, `{error: "..."}`). */
export const refusalMessage = (json: unknown): string | undefined => {
  if (!isRecord(json)) return undefined
  const error = json.error
  const candidates = [isRecord(error) ? error.message : error, json.message, json.detail]
  const found = candidates.find((value) => typeof value === 'string' && value.trim() !== '')
  return typeof found === 'string' ? found : undefined
}
