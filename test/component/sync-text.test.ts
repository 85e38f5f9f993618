// Unit tests of the words for cache age and sync state, and of the capability line built from a hub's declared capabilities.
import { describe, expect, it } from 'vitest'
import type { Capabilities } from '../../src-main/contract/hubs.contract'
import type { SyncConnectionStatus } from '../../src-main/contract/sync.contract'
import { capabilityLine } from '../../src-renderer/src/features/connections/capabilities'
import { cacheAgeNow } from '../../src-renderer/src/features/connections/connections.store'
import {
  formatAge,
  isUnreachable,
  stateLabel,
  syncLine
} from '../../src-renderer/src/features/connections/sync-text'

const minute = 60_000

const status = (overrides: Partial<SyncConnectionStatus> = {}): SyncConnectionStatus => ({
  connectionId: 'c1',
  connectionName: 'Acme',
  source: 'hub',
  state: 'ok',
  lastSuccessAt: 1,
  lastRunAt: 1,
  keys: 30,
  cacheAgeMs: 3 * minute,
  detail: 'The cache matches the hub as of the last sync.',
  ...overrides
})

describe('ages', () => {
  it('reads as a person would say it', () => {
    expect(formatAge(0)).toBe('just now')
    expect(formatAge(44_000)).toBe('just now')
    expect(formatAge(50_000)).toBe('1 min')
    expect(formatAge(3 * minute)).toBe('3 min')
    expect(formatAge(59 * minute)).toBe('59 min')
    expect(formatAge(60 * minute)).toBe('1 h')
    expect(formatAge(5 * 60 * minute + 10 * minute)).toBe('5 h')
    expect(formatAge(26 * 60 * minute)).toBe('1 day')
    expect(formatAge(3 * 24 * 60 * minute)).toBe('3 days')
  })

  it('counts the time since the status was read on top of the age main gave', () => {
    expect(cacheAgeNow(status(), 1_000, 1_000 + 2 * minute)).toBe(5 * minute)
    // A clock that moved backwards never makes the cache younger than main said.
    expect(cacheAgeNow(status(), 5_000, 1_000)).toBe(3 * minute)
    expect(cacheAgeNow(status({ cacheAgeMs: null }), 0, 10 * minute)).toBeNull()
  })
})

describe('syncLine', () => {
  it('says when the cache was synced, or that it never was', () => {
    expect(syncLine(status(), 3 * minute)).toMatchObject({ text: 'Synced 3 min ago', tone: 'ok' })
    expect(syncLine(status({ state: 'never', cacheAgeMs: null }), null)).toMatchObject({
      text: 'Never synced',
      tone: 'neutral'
    })
    expect(syncLine(status({ state: 'stale' }), 2 * 24 * 60 * minute)).toMatchObject({
      text: 'Stale · synced 2 days ago',
      tone: 'warn'
    })
    expect(syncLine(status({ state: 'cancelled' }), 3 * minute).text).toBe(
      'Cancelled · synced 3 min ago'
    )
  })

  it('says a sync failed and how old the cache is, with the reason in the tooltip', () => {
    const failed = status({
      state: 'failed',
      error: { code: 'UNAUTHORIZED', message: 'Cycle refused the API key.' }
    })
    const line = syncLine(failed, 3 * minute)
    expect(line).toMatchObject({ text: 'Sync failed · cached 3 min ago', tone: 'danger' })
    expect(line.title).toBe(
      'Sync failed: Cycle refused the API key.\nThe cache is from the last successful sync, 3 min ago.'
    )
    expect(isUnreachable(failed)).toBe(false)
    expect(stateLabel(failed)).toBe('Failed')

    const down = status({
      state: 'failed',
      error: { code: 'UNAVAILABLE', message: 'Acme could not be reached.' }
    })
    expect(syncLine(down, null)).toMatchObject({
      text: 'Unreachable',
      title: 'Unreachable: Acme could not be reached.'
    })
    expect(isUnreachable(down)).toBe(true)
    expect(stateLabel(down)).toBe('Unreachable')
  })

  it('says a sync was partial and why, in short on the line and in full in the tooltip', () => {
    const message =
      'The sync was cancelled after 2 pages; the 200 keys it saw were updated and none was marked missing.'
    const partial = status({ state: 'partial', partial: { reason: 'cancelled', message } })
    expect(syncLine(partial, 3 * minute)).toEqual({
      text: 'Partial sync, cancelled · synced 3 min ago',
      tone: 'warn',
      title: `Partial: ${message}`
    })
    const timedOut = status({ state: 'partial', partial: { reason: 'timeout', message } })
    expect(syncLine(timedOut, null).text).toBe('Partial sync, timed out')
    const failedPage = status({ state: 'partial', partial: { reason: 'error', message } })
    expect(syncLine(failedPage, minute).text).toBe('Partial sync, hub error · synced 1 min ago')
    expect(stateLabel(partial)).toBe('Partial')
  })

  it('shows progress while running, and local inventories as kept in Hubkeys', () => {
    expect(syncLine(status({ state: 'running' }), 0).text).toBe('Syncing…')
    expect(syncLine(status({ state: 'running', progress: { pages: 2, keys: 1200 } }), 0).text).toBe(
      'Syncing… 1,200 keys so far'
    )
    const local = status({ source: 'local', cacheAgeMs: null })
    expect(syncLine(local, null).text).toBe('Kept in Hubkeys')
    expect(stateLabel(local)).toBe('Local')
  })
})

describe('capabilityLine', () => {
  const full: Capabilities = {
    list: 'hub',
    create: 'hub',
    update: { name: true, ips: true, headers: false, role: true, status: false, expiry: false },
    updateTarget: 'hub',
    delete: 'hub',
    verify: true,
    usage: 'requests',
    rotation: 'create-verify-delete',
    secretReturned: 'once',
    paging: 'page-number',
    roles: true,
    expiry: 'none'
  }

  it('lists what a hub does from its capabilities alone', () => {
    expect(capabilityLine(full)).toBe(
      'Lists keys · Creates · Edits name, IPs, role · Deletes · Verifies · Usage · Rotates'
    )
    expect(
      capabilityLine({
        ...full,
        list: 'local',
        create: 'local',
        update: { ...full.update, ips: false, role: false, status: true },
        updateTarget: 'local',
        delete: 'local',
        verify: false,
        usage: 'storage',
        rotation: 'manual'
      })
    ).toBe('Keys recorded in Hubkeys · Tracks name, status · Storage usage')
  })
})
