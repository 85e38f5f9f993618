// The ipfilter:plan and ipfilter:local-addresses channels through dispatch: their facts, the lock gate, the dry run over the real cache, and which interface addresses are offered.
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { channels } from '../../src-main/contract/channels'
import { nodePlatform } from '../../src-main/adapters/platform/node-platform'
import { installPlatform } from '../../src-main/core/ports/platform.port'
import { createTestCore } from '../helpers/test-core'

const core = createTestCore()
afterAll(() => core.close())
afterEach(() => installPlatform(nodePlatform))

const call = (channel: 'ipfilter:plan' | 'ipfilter:local-addresses', payload: unknown) =>
  core.dispatch(channel, payload, { transport: 'test' })

describe('ipfilter:plan and ipfilter:local-addresses', () => {
  it('only read, carry no secret, change no hub, and need the vault open', async () => {
    for (const name of ['ipfilter:plan', 'ipfilter:local-addresses'] as const) {
      expect(channels[name].facts).toEqual({
        whileLocked: false,
        carriesSecret: 'none',
        changesHub: false,
        audit: false
      })
    }
    expect(await call('ipfilter:local-addresses', {})).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' }
    })
  })

  it('plan refuses a request outside the schema', async () => {
    await core.dispatch(
      'vault:create',
      { password: 'correct horse battery staple 42' },
      {
        transport: 'test'
      }
    )
    expect(
      await call('ipfilter:plan', { keyIds: [], operation: 'add', entries: ['10.0.0.0/8'] })
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(
      await call('ipfilter:plan', { keyIds: ['k'], operation: 'merge', entries: [] })
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(
      await call('ipfilter:plan', { keyIds: ['nope'], operation: 'add', entries: ['10.0.0.0/8'] })
    ).toMatchObject({
      ok: true,
      value: {
        items: [{ keyId: 'nope', outcome: 'cannot', reason: expect.stringMatching(/no record/) }]
      }
    })
  })

  it('offers addresses a hub could see: no loopback, link-local or zone', async () => {
    installPlatform({
      ...nodePlatform,
      interfaceAddresses: () => [
        { interface: 'lo', address: '127.0.0.1', family: 4, internal: true },
        { interface: 'lo', address: '::1', family: 6, internal: true },
        { interface: 'eth0', address: '192.168.1.20', family: 4, internal: false },
        { interface: 'eth0', address: 'fe80::1%eth0', family: 6, internal: false },
        { interface: 'eth0', address: '2001:db8::20', family: 6, internal: false },
        { interface: 'odd', address: '169.254.3.4', family: 4, internal: false }
      ]
    })
    expect(await call('ipfilter:local-addresses', {})).toEqual({
      ok: true,
      value: {
        addresses: [
          { interface: 'eth0', address: '192.168.1.20', family: 4 },
          { interface: 'eth0', address: '2001:db8::20', family: 6 }
        ]
      }
    })
  })

  it("reads this machine's real interfaces", async () => {
    const result = await call('ipfilter:local-addresses', {})
    expect(result.ok).toBe(true)
    const addresses = (result as { value: { addresses: { address: string }[] } }).value.addresses
    expect(addresses.map((entry) => entry.address)).not.toContain('127.0.0.1')
  })
})
