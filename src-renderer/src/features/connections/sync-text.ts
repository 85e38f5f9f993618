// Words for a connection's cache and sync state ("synced 3 min ago", "never synced", "partial sync, timed out"), shared by every view; renderer.
import type { ErrorCode } from '../../../../src-main/contract/result'
import type { PartialSync, SyncConnectionStatus } from '../../../../src-main/contract/sync.contract'

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

/** A short age: "just now", "3 min", "5 h", "2 days". */
export const formatAge = (ms: number): string => {
  if (ms < 45_000) return 'just now'
  if (ms < hour) return `${Math.max(1, Math.round(ms / minute))} min`
  if (ms < day) return `${Math.round(ms / hour)} h`
  const days = Math.round(ms / day)
  return days === 1 ? '1 day' : `${days} days`
}

/** "3 min ago", or "just now" without the "ago". */
export const ago = (ms: number): string => {
  const age = formatAge(ms)
  return age === 'just now' ? age : `${age} ago`
}

export type SyncTone = 'ok' | 'warn' | 'danger' | 'neutral' | 'info'

export interface SyncLine {
  /** The line shown under the connection's name. */
  text: string
  tone: SyncTone
  /** Everything known, for a tooltip: the reason of a failure, the state's own sentence. */
  title: string
}

/** Errors that mean "the hub could not be reached", as opposed to the hub refusing something. */
const unreachableCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['UNAVAILABLE', 'TIMEOUT'])

/** True when the last sync failed because the hub could not be reached. */
export const isUnreachable = (status: SyncConnectionStatus | undefined): boolean =>
  status?.state === 'failed' &&
  status.error !== undefined &&
  unreachableCodes.has(status.error.code)

const plural = (count: number, word: string) =>
  `${count.toLocaleString('en')} ${word}${count === 1 ? '' : 's'}`

export const keysLabel = (count: number): string => plural(count, 'key')

/** Why a listing stopped short, in the few words the sync line has room for. */
const partialWords: Record<PartialSync['reason'], string> = {
  error: 'hub error',
  timeout: 'timed out',
  cancelled: 'cancelled'
}

/**
 * The cache line of one connection. `ageMs` is the cache's age now (the status's `cacheAgeMs`
 * plus the time since it was read), or null when there was no successful sync.
 */
export const syncLine = (status: SyncConnectionStatus, ageMs: number | null): SyncLine => {
  const synced = ageMs === null ? undefined : `synced ${ago(ageMs)}`
  switch (status.state) {
    case 'running': {
      const progress = status.progress
      const text =
        progress && progress.pages > 0
          ? `Syncing… ${plural(progress.keys, 'key')} so far`
          : 'Syncing…'
      return { text, tone: 'info', title: status.detail }
    }
    case 'failed': {
      // The line stays short (what happened, how old the cache is); the reason is in the tooltip
      // here and in full on the connection's panel.
      const reason = status.error?.message ?? 'The sync failed.'
      const lead = isUnreachable(status) ? 'Unreachable' : 'Sync failed'
      return {
        text: ageMs === null ? lead : `${lead} · cached ${ago(ageMs)}`,
        tone: 'danger',
        title: `${lead}: ${reason}${synced ? `\nThe cache is from the last successful sync, ${synced.replace('synced ', '')}.` : ''}`
      }
    }
    case 'partial':
      return {
        text: `Partial sync${status.partial ? `, ${partialWords[status.partial.reason]}` : ''}${synced ? ` · ${synced}` : ''}`,
        tone: 'warn',
        title: `Partial: ${status.partial?.message ?? status.detail}`
      }
    case 'cancelled':
      return {
        text: synced ? `Cancelled · ${synced}` : 'Sync cancelled',
        tone: 'neutral',
        title: status.detail
      }
    case 'stale':
      return { text: `Stale · ${synced ?? 'never synced'}`, tone: 'warn', title: status.detail }
    case 'never':
      return status.source === 'local'
        ? { text: 'Kept in Hubkeys', tone: 'neutral', title: status.detail }
        : { text: 'Never synced', tone: 'neutral', title: status.detail }
    case 'ok':
      return status.source === 'local' || !synced
        ? { text: 'Kept in Hubkeys', tone: 'neutral', title: status.detail }
        : { text: capitalise(synced), tone: 'ok', title: status.detail }
  }
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** The state as one word for a table cell or a badge. */
export const stateLabel = (status: SyncConnectionStatus): string => {
  switch (status.state) {
    case 'running':
      return 'Syncing'
    case 'failed':
      return isUnreachable(status) ? 'Unreachable' : 'Failed'
    case 'cancelled':
      return 'Cancelled'
    case 'partial':
      return 'Partial'
    case 'stale':
      return 'Stale'
    case 'never':
      return status.source === 'local' ? 'Local' : 'Not synced'
    case 'ok':
      return status.source === 'local' ? 'Local' : 'Up to date'
  }
}

export const stateTone = (status: SyncConnectionStatus): SyncTone => {
  switch (status.state) {
    case 'running':
      return 'info'
    case 'failed':
      return 'danger'
    case 'stale':
    case 'partial':
      return 'warn'
    case 'ok':
      return status.source === 'local' ? 'neutral' : 'ok'
    default:
      return 'neutral'
  }
}
