// The ipfilter:* channels through dispatch on a locked vault, and each hub kind's declared IP-list semantics.
import { afterAll, describe, expect, it } from 'vitest'
import { channels } from '../../src-main/contract/channels'
import { hubKinds } from '../../src-main/contract/hubs.contract'
import { hubModules } from '../../src-main/core/hubs/registry'
import { createTestCore } from '../helpers/test-core'

const core = createTestCore()
afterAll(() => core.close())

const call = async (channel: 'ipfilter:check' | 'ipfilter:lint', payload: unknown) =>
  core.dispatch(channel, payload, { transport: 'test' })

describe('ipfilter channels', () => {
  it('are pure computation: they answer while the vault is locked and carry no secret', async () => {
    for (const name of ['ipfilter:check', 'ipfilter:lint'] as const) {
      expect(channels[name].facts).toEqual({
        whileLocked: true,
        carriesSecret: 'none',
        changesHub: false,
        audit: false
      })
    }
    expect(core.vault.isUnlocked()).toBe(false)
    expect(
      await call('ipfilter:check', { rules: ['10.0.0.0/8'], address: '10.1.2.3' })
    ).toMatchObject({ ok: true, value: { verdict: 'allowed', rule: { index: 0 } } })
  })

  it('word the answer by what the hub kind declares', async () => {
    expect(
      await call('ipfilter:check', { rules: [], address: '10.1.2.3', kind: 'datahub' })
    ).toMatchObject({
      ok: true,
      value: {
        verdict: 'allowed',
        reason: expect.stringMatching(/SAWS Owl Data Hub reads as no filter/)
      }
    })
    expect(
      await call('ipfilter:check', { rules: [], address: '10.1.2.3', kind: 'cycle' })
    ).toMatchObject({
      ok: true,
      value: { verdict: 'denied', reason: expect.stringMatching(/on Cycle/) }
    })
    expect(await call('ipfilter:lint', { rules: ['10.0.0.0/8'], kind: 'dmhub' })).toMatchObject({
      ok: true,
      value: { findings: [{ kind: 'unsupported', severity: 'error' }] }
    })
  })

  it('lint lists each entry canonical or unparsed, with its findings', async () => {
    expect(
      await call('ipfilter:lint', { rules: ['10.0.0.0 255.0.0.0', '10.1.0.0/16', 'x'] })
    ).toEqual({
      ok: true,
      value: {
        entries: [
          { input: '10.0.0.0 255.0.0.0', cidr: '10.0.0.0/8' },
          { input: '10.1.0.0/16', cidr: '10.1.0.0/16' },
          { input: 'x', cidr: null }
        ],
        findings: [
          { kind: 'invalid', severity: 'error', rules: [2], message: expect.any(String) },
          { kind: 'contained', severity: 'warning', rules: [1, 0], message: expect.any(String) }
        ]
      }
    })
  })

  it('refuse payloads outside the schema', async () => {
    expect(await call('ipfilter:check', { rules: ['10.0.0.0/8'] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    expect(await call('ipfilter:lint', { rules: ['1.1.1.1'], kind: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    expect(await call('ipfilter:lint', { rules: ['x'.repeat(101)] })).toMatchObject({ ok: false })
  })
})

describe('capabilities.ipList', () => {
  it.each(hubKinds)(
    '%s declares IP-list semantics exactly when its keys carry IP rules',
    (kind) => {
      const { capabilities } = hubModules[kind]
      expect(capabilities.ipList !== undefined).toBe(capabilities.update.ips)
    }
  )
})
