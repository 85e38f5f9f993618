// Saving a header set on one key and copying it to others through `keys:update`, with per-key previews and results; renderer.
import { headerChanges, owlHeaderSteps } from '../../../../src-main/contract/datahub-headers'
import type { HeaderRule, HubKind } from '../../../../src-main/contract/hubs.contract'
import type { KeyDetail, KeyRow } from '../../../../src-main/contract/inventory.contract'
import { maxPageSize } from '../../../../src-main/contract/inventory.contract'
import type { Result } from '../../../../src-main/contract/result'
import type { Client } from '../../api/client'

/** Saves `headers` as the key's whole header set (at the hub, or in Hubkeys' record where edits stay local). */
export const saveHeaders = async (
  client: Client,
  key: Pick<KeyDetail, 'connectionId' | 'id'>,
  headers: HeaderRule[]
): Promise<Result<unknown>> =>
  client.call('keys:update', { connectionId: key.connectionId, keyId: key.id, headers })

/** Keys in the cache that could take the set: of kinds whose headers can be edited, not `source`, not deleted. */
export const findCopyTargets = async (
  client: Client,
  kinds: HubKind[],
  sourceId: string
): Promise<Result<KeyRow[]>> => {
  if (kinds.length === 0) return { ok: true, value: [] }
  const page = await client.call('keys:query', { filter: { kinds }, limit: maxPageSize })
  if (!page.ok) return page
  return {
    ok: true,
    value: page.value.rows.filter((row) => row.id !== sourceId && row.status !== 'deleted')
  }
}

/** What copying would do to one key: nothing (it already has the set) or these changes. */
export interface CopyPreview {
  key: KeyDetail
  changeCount: number
  /** The steps for the hub's own console where edits stay in Hubkeys (empty otherwise). */
  steps: string[]
}

export const previewCopy = async (
  client: Client,
  ids: string[],
  headers: HeaderRule[],
  mirroredByHand: boolean
): Promise<Result<CopyPreview[]>> => {
  if (ids.length === 0) return { ok: true, value: [] }
  const details = await client.call('keys:get-many', { ids })
  if (!details.ok) return details
  return {
    ok: true,
    value: details.value.map((key) => ({
      key,
      changeCount: headerChanges(key.headers, headers).length,
      steps: mirroredByHand ? owlHeaderSteps(key.name || key.hubKeyId, key.headers, headers) : []
    }))
  }
}

export interface CopyOutcome extends CopyPreview {
  /** `unchanged`: it already had the set, so nothing was sent. */
  outcome: 'copied' | 'unchanged' | 'failed'
  message?: string
}

/** Copies the set to each previewed key, one after another; one key's failure does not stop the rest. */
export const copyHeaders = async (
  client: Client,
  previews: CopyPreview[],
  headers: HeaderRule[]
): Promise<CopyOutcome[]> => {
  const outcomes: CopyOutcome[] = []
  for (const preview of previews) {
    if (preview.changeCount === 0) {
      outcomes.push({ ...preview, steps: [], outcome: 'unchanged' })
      continue
    }
    const saved = await saveHeaders(client, preview.key, headers)
    outcomes.push(
      saved.ok
        ? { ...preview, outcome: 'copied' }
        : { ...preview, steps: [], outcome: 'failed', message: saved.error.message }
    )
  }
  return outcomes
}
