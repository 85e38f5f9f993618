// Integration test of replacing a connection's credential through dispatch: the hub must accept the new one before it is stored, and a refused one leaves the old credential working.
import { describe, expect, it } from 'vitest'
import type { HubModules } from '../../src-main/core/connections/connections.service'
import { hubModules } from '../../src-main/core/hubs/registry'
import { createMemoryHub } from '../helpers/memory-hub'
import { createTestCore } from '../helpers/test-core'

describe('replacing a connection credential', () => {
  it('tests the new credential first and keeps the old one when the hub refuses it', async () => {
    const hub = createMemoryHub()
    const core = createTestCore({
      hubModules: { ...hubModules, cycle: hub.module } as unknown as HubModules
    })
    const call = (channel: string, payload: unknown) =>
      core.dispatch(channel, payload, { transport: 'test' })
    await call('vault:create', { password: 'credential replace passphrase' })
    const added = await call('connections:add', {
      name: 'Cycle prod',
      kind: 'cycle',
      baseUrl: 'https://api.cycle.io',
      settings: { hubId: 'hub-1' },
      credential: 'master-credential'
    })
    if (!added.ok) throw new Error(added.error.message)
    const id = (added.value as { id: string }).id

    const refused = await call('connections:update', { id, credential: 'a-wrong-credential' })
    expect(refused.ok).toBe(false)
    expect(!refused.ok && refused.error.message).toMatch(
      /^The new credential was not saved; the old one stays\. .*refused the credential/
    )
    // The stored credential still works; nothing else of the patch was saved either.
    expect((await call('connections:test', { id })).ok).toBe(true)

    const renamedWithGood = await call('connections:update', {
      id,
      name: 'Cycle production',
      credential: 'master-credential'
    })
    expect(renamedWithGood.ok).toBe(true)
    expect(hub.calls.filter((entry) => entry === 'test').length).toBeGreaterThanOrEqual(3)
  })
})
