// Property-based tests of what an audit entry picks from a call: every channel has an audit fact, and a secret in any request or answer field never reaches the entry.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { auditActions } from '../../src-main/contract/audit.contract'
import { channelNames, channels, type ChannelName } from '../../src-main/contract/channels'
import { errorCodes } from '../../src-main/contract/result'
import { auditFieldsOf } from '../../src-main/core/audit/audit-fields'

const audited = channelNames.filter((name) => channels[name].facts.audit !== false)
/** A value no id looks like, so finding it in the entry can only mean it was copied there. */
const secret = fc.string({ minLength: 12, maxLength: 40 }).map((text) => `SECRET<${text}>`)
const outcome = fc.constantFrom('ok' as const, ...errorCodes)

describe('audit facts', () => {
  it('no channel lacks its audit fact, and each names a known action or false', () => {
    fc.assert(
      fc.property(fc.constantFrom(...channelNames), (name) => {
        const facts = channels[name].facts as { audit?: unknown }
        expect('audit' in facts, name).toBe(true)
        expect(facts.audit === false || auditActions.includes(facts.audit as never), name).toBe(
          true
        )
      })
    )
  })
})

describe('auditFieldsOf', () => {
  it('never copies a secret-carrying field of a request or an answer into the entry', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...audited),
        secret,
        outcome,
        fc.constantFrom('ipc', 'ws', 'cli', 'test') as fc.Arbitrary<'ipc' | 'ws' | 'cli' | 'test'>,
        (channel: ChannelName, value, result, transport) => {
          const fields = auditFieldsOf({
            channel,
            fact: channels[channel].facts.audit as never,
            transport,
            // The secret in every field the contract gives one: passwords, credentials, key values.
            request: {
              password: value,
              current: value,
              next: value,
              credential: value,
              secret: value,
              connectionId: 'c-1',
              enabled: true,
              input: { credential: value }
            },
            response: { secret: value, key: { localId: 'k-1', secret: value } },
            outcome: result
          })
          expect(JSON.stringify(fields)).not.toContain(value)
        }
      )
    )
  })

  it('derives unlock-failed from an unlock that did not succeed, and remember-off from remembering off', () => {
    fc.assert(
      fc.property(outcome, (result) => {
        const base = { transport: 'ipc' as const, request: {}, response: undefined }
        const unlock = auditFieldsOf({
          ...base,
          channel: 'vault:unlock',
          fact: 'unlock',
          outcome: result
        })
        expect(unlock.action).toBe(result === 'ok' ? 'unlock' : 'unlock-failed')
      })
    )
    const off = auditFieldsOf({
      channel: 'vault:remember',
      fact: 'remember',
      transport: 'ipc',
      request: { enabled: false },
      response: undefined,
      outcome: 'ok'
    })
    expect(off).toMatchObject({ actor: 'app', action: 'remember-off' })
  })
})
