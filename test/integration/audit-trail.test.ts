// The audit trail through the real core and dispatch: which calls write entries, with which ids and outcomes, and never a secret.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { channels, channelNames } from '../../src-main/contract/channels'
import type { AuditEntry } from '../../src-main/contract/audit.contract'
import type { HubModules } from '../../src-main/core/connections/connections.service'
import { hubModules } from '../../src-main/core/hubs/registry'
import { memoryPreferences } from '../../src-main/core/ports/preferences.port'
import { createAppCore } from '../../src-main/core/app-core'
import { minimumKdfParams } from '../../src-main/core/ports/kdf.port'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import { httpClientFactory } from '../../src-main/adapters/http/http-client'
import { createMemoryHub } from '../helpers/memory-hub'
import { createTestCore, openTestStores, testFacts } from '../helpers/test-core'

const password = 'audit trail passphrase'
// The credential the memory hub accepts.
const credential = 'master-credential'

const setup = async () => {
  const hub = createMemoryHub()
  const core = createTestCore({
    hubModules: { ...hubModules, cycle: hub.module } as unknown as HubModules,
    preferences: memoryPreferences()
  })
  const dispatch = (channel: string, payload: unknown) =>
    core.dispatch(channel, payload, { transport: 'ipc' })
  const call = async (channel: string, payload: unknown) => {
    const result = await dispatch(channel, payload)
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
    return result.value as never
  }
  /** The whole log, oldest first. */
  const entries = async (): Promise<AuditEntry[]> => {
    const page: { entries: AuditEntry[] } = await call('audit:list', { limit: 500 })
    return page.entries.filter((entry) => entry.channel !== 'audit:list').reverse()
  }
  return { core, hub, dispatch, call, entries }
}

describe('audit facts', () => {
  it('records what changes something, and not what only reads', () => {
    const audited = channelNames.filter((name) => channels[name].facts.audit !== false)
    for (const name of audited)
      expect(name).not.toMatch(/:(get|list|query|status|kinds|touch|ping|info|inspect)$/)
    for (const name of channelNames.filter((n) => channels[n].facts.changesHub))
      expect(channels[name].facts.audit, name).not.toBe(false)
  })
})

describe('audit trail through dispatch', () => {
  it('records vault, connection and key actions with ids and outcomes, never a secret', async () => {
    const { core, hub, dispatch, call, entries } = await setup()
    await call('vault:create', { password })
    await call('vault:lock', {})
    expect((await dispatch('vault:unlock', { password: 'wrong passphrase here' })).ok).toBe(false)
    await call('vault:unlock', { password })
    const connection: { id: string } = await call('connections:add', {
      name: 'Cycle prod',
      kind: 'cycle',
      baseUrl: 'https://api.cycle.io',
      settings: { hubId: 'hub-1' },
      credential
    })
    const created: { key: { localId: string; hubKeyId: string }; secret: string } = await call(
      'keys:create',
      { connectionId: connection.id, name: 'deploy-bot', showSecret: true }
    )
    expect(created.secret).toBe(hub.keys.get(created.key.hubKeyId)!.secret)
    await call('keys:verify', { connectionId: connection.id, keyId: created.key.hubKeyId })
    await call('keys:query', {})
    await call('keys:delete', { connectionId: connection.id, keyId: created.key.localId })
    await call('prefs:set', { auditKeepDays: 400 })
    core.vault.lock('idle')
    await call('vault:unlock', { password })

    const log = await entries()
    expect(log.map((entry) => [entry.actor, entry.action, entry.outcome])).toEqual([
      ['app', 'vault-create', 'ok'],
      ['app', 'lock', 'ok'],
      ['app', 'unlock-failed', 'UNAUTHORIZED'],
      ['app', 'unlock', 'ok'],
      ['app', 'connection-add', 'ok'],
      ['app', 'create', 'ok'],
      ['app', 'verify', 'ok'],
      ['app', 'delete', 'ok'],
      ['app', 'settings-change', 'ok'],
      ['system', 'lock', 'ok'],
      ['app', 'unlock', 'ok']
    ])
    const [create, verify, remove] = log.slice(5, 8)
    expect(create).toMatchObject({
      channel: 'keys:create',
      connectionId: connection.id,
      keyId: created.key.localId,
      hubKeyId: created.key.hubKeyId
    })
    expect(verify).toMatchObject({ keyId: created.key.hubKeyId, detail: { valid: true } })
    expect(remove).toMatchObject({ keyId: created.key.localId, detail: { removedAt: 'hub' } })
    expect(log[9]).toMatchObject({ channel: null, detail: { reason: 'idle' } })
    expect(log[8]).toMatchObject({ detail: { changed: { auditKeepDays: 400 } } })

    const text = JSON.stringify(log)
    for (const secret of [password, 'wrong passphrase here', credential, created.secret])
      expect(text).not.toContain(secret)
    expect((await call('audit:verify', {})) as unknown).toMatchObject({ intact: true })
  })

  it('records refused calls: locked, invalid, and unlocks held back after repeated failures', async () => {
    const { core, dispatch, call } = await setup()
    await call('vault:create', { password })
    await call('vault:lock', {})
    expect(await dispatch('connections:remove', { id: 'c-1' })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' }
    })
    expect(await dispatch('keys:delete', { connectionId: 'c-1' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    expect(await dispatch('vault:status', {})).toMatchObject({ ok: true })
    let outcome = ''
    for (let attempt = 0; attempt < 7 && outcome !== 'RATE_LIMITED'; attempt += 1) {
      const result = await dispatch('vault:unlock', { password: `wrong passphrase ${attempt}` })
      outcome = result.ok ? 'ok' : result.error.code
    }
    expect(outcome).toBe('RATE_LIMITED')

    // Read through the service: the channel needs the vault open, and it is held back now.
    const log = core.audit.list({ limit: 100 }).entries.reverse()
    expect(log.map((entry) => [entry.action, entry.outcome])).toEqual([
      ['vault-create', 'ok'],
      ['lock', 'ok'],
      ['connection-remove', 'LOCKED'],
      ['delete', 'BAD_REQUEST'],
      ['unlock-failed', 'UNAUTHORIZED'],
      ['unlock-failed', 'UNAUTHORIZED'],
      ['unlock-failed', 'UNAUTHORIZED'],
      ['unlock-failed', 'UNAUTHORIZED'],
      ['unlock-failed', 'UNAUTHORIZED'],
      ['unlock-failed', 'RATE_LIMITED']
    ])
    // A refused call's request is not picked (the connection id of a locked call is, once valid).
    expect(log[2]).toMatchObject({ connectionId: 'c-1' })
    expect(log[3]).toMatchObject({ connectionId: null, keyId: null })
  })

  it('applies the retention preference on unlock behind an anchor, and the kept chain verifies', async () => {
    let clock = Date.UTC(2026, 0, 1)
    const core = createTestCore({ preferences: memoryPreferences(), now: () => clock })
    const call = async (channel: string, payload: unknown) => {
      const result = await core.dispatch(channel, payload, { transport: 'ipc' })
      if (!result.ok) throw new Error(`${channel}: ${result.error.code}`)
      return result.value as never
    }
    await call('vault:create', { password })
    await call('vault:lock', {})
    clock += 40 * 24 * 60 * 60 * 1000
    await call('prefs:set', { auditKeepDays: 30 })
    await call('vault:unlock', { password })
    const page: { entries: AuditEntry[] } = await call('audit:list', {})
    expect(page.entries.map((entry) => [entry.seq, entry.action])).toEqual([
      [5, 'unlock'],
      [4, 'retention'],
      [3, 'settings-change']
    ])
    expect(page.entries[1]).toMatchObject({
      actor: 'system',
      detail: { keepDays: 30, removed: 2, removedThrough: 2 }
    })
    expect(await call('audit:verify', {})).toMatchObject({
      intact: true,
      checked: 3,
      firstSeq: 3,
      retainedFrom: 3
    })
  })

  it('records backup and restore; after a restore the backup’s chain and the restore entry verify', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hk-audit-backup-'))
    const core = createTestCore({
      preferences: memoryPreferences({ backupDir: join(dataDir, 'backups') })
    })
    const call = async (channel: string, payload: unknown) => {
      const result = await core.dispatch(channel, payload, { transport: 'cli' })
      if (!result.ok) throw new Error(`${channel}: ${result.error.code}`)
      return result.value as never
    }
    await call('vault:create', { password })
    const { path }: { path: string } = await call('backup:create', {})
    await call('prefs:set', { auditKeepDays: 90 })
    await call('backup:restore', { file: path, password })
    await call('vault:unlock', { password })
    const page: { entries: AuditEntry[] } = await call('audit:list', {})
    // The backup was taken before its own entry was written; the restore follows the backup's log.
    expect(page.entries.map((entry) => entry.action).reverse()).toEqual([
      'vault-create',
      'restore',
      'unlock'
    ])
    expect(page.entries[1]).toMatchObject({ actor: 'cli', outcome: 'ok' })
    expect(await call('audit:verify', {})).toMatchObject({ intact: true, checked: 3 })
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('answers the call as done when its entry cannot be written, and logs that by name', async () => {
    const logged: unknown[][] = []
    const stores = openTestStores()
    const core = createAppCore({
      facts: testFacts,
      stores: {
        ...stores,
        audit: {
          ...stores.audit,
          append: () => {
            throw new RangeError('disk full')
          }
        }
      },
      kdf: createArgon2Kdf(),
      http: httpClientFactory,
      preferences: memoryPreferences(),
      kdfParams: { ...minimumKdfParams },
      logger: { log: (...entry) => logged.push(entry) }
    })
    const created = await core.dispatch('vault:create', { password }, { transport: 'test' })
    expect(created).toMatchObject({ ok: true, value: { state: 'unlocked' } })
    expect(logged).toContainEqual([
      'error',
      'audit entry could not be written',
      { action: 'vault-create', error: 'RangeError' }
    ])
    await core.close()
    stores.close()
  })
})
