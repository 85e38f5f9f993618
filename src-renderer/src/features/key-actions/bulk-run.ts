// Bulk actions over many keys: the actions, what each does to one key (skipping keys whose hub cannot), and the runner that goes key by key with progress and cancel; renderer, pure over a client.
import type { Capabilities, HubKind } from '../../../../src-main/contract/hubs.contract'
import type { BulkTarget } from '../../../../src-main/contract/key-edit.contract'
import type { Client } from '../../api/client'
import { kindLabel } from '../keys/key-format'
import { verifyOutcome } from './verify-outcome'

export type BulkAction =
  | { kind: 'verify' }
  | { kind: 'status'; status: 'active' | 'inactive' }
  | { kind: 'add-tag'; tag: string }
  | { kind: 'remove-tag'; tag: string }
  | { kind: 'delete' }

export type BulkActionKind = BulkAction['kind']

export type BulkState = 'ok' | 'valid' | 'rejected' | 'unchecked' | 'failed' | 'skipped'

export interface BulkResult {
  target: BulkTarget
  state: BulkState
  /** The hub's answer or why the key was skipped. */
  detail: string
}

export const bulkStateLabels: Record<BulkState, string> = {
  ok: 'Done',
  valid: 'Valid',
  rejected: 'Rejected',
  unchecked: 'Could not check',
  failed: 'Failed',
  skipped: 'Skipped'
}

export const bulkVerbs: Record<BulkActionKind, string> = {
  verify: 'Verify',
  status: 'Set the status of',
  'add-tag': 'Tag',
  'remove-tag': 'Untag',
  delete: 'Delete'
}

type CapabilitiesOf = (kind: HubKind) => Capabilities | undefined

const sameTag = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** Does one key; never throws: a failure is that key's result. */
export const actOnKey = async (
  client: Client,
  action: BulkAction,
  target: BulkTarget,
  capabilitiesOf: CapabilitiesOf
): Promise<Omit<BulkResult, 'target'>> => {
  const at = { connectionId: target.connectionId, keyId: target.id }
  const capabilities = capabilitiesOf(target.kind)
  const kind = kindLabel(target.kind)
  const failed = (message: string) => ({ state: 'failed' as const, detail: message })
  switch (action.kind) {
    case 'verify': {
      if (capabilities && !capabilities.verify)
        return { state: 'skipped', detail: `${kind} offers no way to verify keys.` }
      const outcome = verifyOutcome(await client.call('keys:verify', at))
      return { state: outcome.state, detail: outcome.detail }
    }
    case 'status': {
      if (capabilities && !capabilities.update.status)
        return { state: 'skipped', detail: `${kind} keys have no status Hubkeys can set.` }
      const result = await client.call('keys:update', { ...at, status: action.status })
      return result.ok
        ? { state: 'ok', detail: `Now ${result.value.status}.` }
        : failed(result.error.message)
    }
    case 'add-tag':
    case 'remove-tag': {
      const has = target.tags.some((tag) => sameTag(tag, action.tag))
      if (action.kind === 'add-tag' ? has : !has)
        return {
          state: 'ok',
          detail: action.kind === 'add-tag' ? 'Already tagged.' : 'Did not carry the tag.'
        }
      const tags =
        action.kind === 'add-tag'
          ? [...target.tags, action.tag]
          : target.tags.filter((tag) => !sameTag(tag, action.tag))
      const result = await client.call('keys:annotate', { ...at, tags })
      return result.ok
        ? { state: 'ok', detail: `Tags: ${result.value.tags.join(', ') || 'none'}.` }
        : failed(result.error.message)
    }
    case 'delete': {
      if (capabilities?.delete === 'none')
        return { state: 'skipped', detail: `${kind} offers no way to delete keys.` }
      // The admin typed the bulk confirmation over this list; core asks each production key's name.
      const result = await client.call('keys:delete', {
        ...at,
        ...(target.environment === 'prod' ? { confirmName: target.name.trim() || target.id } : {})
      })
      if (!result.ok) return failed(result.error.message)
      return {
        state: 'ok',
        detail:
          result.value.removedAt === 'hub'
            ? 'Deleted at the hub.'
            : "Removed from Hubkeys; it keeps working until removed in the hub's console."
      }
    }
  }
}

export interface RunOptions {
  /** Checked before each key: a cancel stops after the key under way. */
  signal: AbortSignal
  onResult(result: BulkResult, done: number): void
}

/** One key after the other (hubs rate-limit, and the order of results stays the table's). */
export const runBulk = async (
  targets: readonly BulkTarget[],
  act: (target: BulkTarget) => Promise<Omit<BulkResult, 'target'>>,
  options: RunOptions
): Promise<BulkResult[]> => {
  const results: BulkResult[] = []
  for (const target of targets) {
    if (options.signal.aborted) break
    let outcome: Omit<BulkResult, 'target'>
    try {
      outcome = await act(target)
    } catch (error) {
      // A failing key never stops the others.
      outcome = { state: 'failed', detail: error instanceof Error ? error.message : String(error) }
    }
    const result = { target, ...outcome }
    results.push(result)
    options.onResult(result, results.length)
  }
  return results
}
