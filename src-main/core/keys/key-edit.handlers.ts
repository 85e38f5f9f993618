// Handlers for keys:annotate (Hubkeys' own notes, tags and owner) and keys:match (every key a search and filter match, for bulk actions); run in main, web mode or the CLI.
import {
  maxMatchedKeys,
  type BulkTarget,
  type keyEditChannels
} from '../../contract/key-edit.contract'
import { AppError } from '../../contract/result'
import type { Handlers } from '../dispatch'
import type { InventoryQueryService } from '../inventory/inventory-query.service'
import type { InventoryStore, KeyAnnotationPatch } from '../ports/inventory-store.port'
import type { KeysService } from './keys.service'

export interface KeyEditDeps {
  keys: Pick<KeysService, 'resolve'>
  inventory: Pick<InventoryStore, 'annotateKey'>
  query: Pick<InventoryQueryService, 'query' | 'all'>
}

/** An empty or blank text clears the field, like `null`. */
const textOrNull = (text: string | null | undefined): string | null | undefined =>
  text === undefined ? undefined : text === null || text.trim() === '' ? null : text

export const createKeyEditHandlers = ({
  keys,
  inventory,
  query
}: KeyEditDeps): Pick<Handlers, keyof typeof keyEditChannels> => ({
  'keys:annotate': ({ connectionId, keyId, notes, tags, owner }) => {
    const record = keys.resolve(connectionId, keyId)
    if (!record) {
      throw new AppError('NOT_FOUND', 'Hubkeys has no record of that key; sync to refresh.')
    }
    const patch: KeyAnnotationPatch = {}
    const cleanNotes = textOrNull(notes)
    const cleanOwner = textOrNull(owner)
    if (cleanNotes !== undefined) patch.notes = cleanNotes
    if (cleanOwner !== undefined) patch.owner = cleanOwner
    if (tags !== undefined) patch.tags = tags
    const saved = inventory.annotateKey(record.id, patch)
    if (!saved) throw new AppError('NOT_FOUND', 'That key is no longer in the inventory.')
    return { localId: saved.id, notes: saved.notes, tags: saved.tags, owner: saved.owner }
  },
  'keys:match': ({ search, filter }) => {
    const keyQuery = { search, filter, sort: { field: 'name', direction: 'asc' } } as const
    // Counted first: a bulk action says how many keys it touches before it lists them.
    const total = query.query({ ...keyQuery, limit: 1, withTotal: true }).total ?? 0
    if (total > maxMatchedKeys) return { total, keys: [], tooMany: true }
    const targets: BulkTarget[] = []
    for (const row of query.all(keyQuery)) {
      // Keys synced in between the count and the listing stay out rather than exceed the cap.
      if (targets.length === maxMatchedKeys) break
      targets.push({
        id: row.id,
        connectionId: row.connectionId,
        connectionName: row.connectionName,
        kind: row.kind,
        environment: row.environment,
        name: row.name,
        tags: row.tags
      })
    }
    return { total: targets.length, keys: targets, tooMany: false }
  }
})
