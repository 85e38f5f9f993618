// Shared fixtures of the rotation component tests: a plan item, a journal row and a scripted bridge that answers by channel and records every call; runs under vitest (happy-dom).
import type { HubkeysApi } from '../../src-main/contract/api'
import type { RotationPlanItem, RotationView } from '../../src-main/contract/rotation.contract'

export const planFor = (overrides: Partial<RotationPlanItem>): RotationPlanItem => ({
  keyId: 'k-1',
  keyName: 'billing-api',
  connectionId: 'c-1',
  strategy: 'create-verify-delete',
  risk: 'low',
  explanation: 'Creates a new key, verifies it, then deletes the old key.',
  needsTypedName: false,
  graceWindows: ['0', '1h', '24h', '7d'],
  ...overrides
})

/** A journal row of billing-api's rotation; DONE unless `extra` says otherwise. */
export const rotationView = (extra: Partial<RotationView> = {}): RotationView => ({
  id: 'r-1',
  connectionId: 'c-1',
  keyId: 'k-1',
  keyName: 'billing-api',
  strategy: 'create-verify-delete',
  state: 'DONE',
  token: 'rot-abcdefabcdef',
  newKeyId: 'k-2',
  newHubKeyId: 'hub-new',
  attempts: 0,
  lastError: null,
  graceUntil: null,
  notes: [],
  stuck: false,
  createdAt: 1,
  updatedAt: 2,
  ...extra
})

/**
 * A bridge answering from `answers` by channel (a function answers from the payload, an Error
 * becomes a HUB_ERROR, a missing answer NOT_FOUND) and recording each call in `calls`. Not typed
 * per channel: the schemas are the core's concern. `reset()` empties both for the next test.
 */
export const createScriptedBridge = () => {
  const calls: { channel: string; payload: Record<string, unknown> }[] = []
  const answers: Record<string, unknown> = {}
  const api = {
    invoke: async (channel: string, payload: unknown) => {
      calls.push({ channel, payload: payload as Record<string, unknown> })
      const answer = answers[channel]
      if (answer === undefined)
        return { ok: false, error: { code: 'NOT_FOUND', message: `No answer for ${channel}.` } }
      const value =
        typeof answer === 'function' ? (answer as (p: unknown) => unknown)(payload) : answer
      return value instanceof Error
        ? { ok: false, error: { code: 'HUB_ERROR', message: value.message } }
        : { ok: true, value }
    },
    subscribe: () => () => undefined
  } as unknown as HubkeysApi
  return {
    api,
    calls,
    answers,
    reset(initial: Record<string, unknown> = {}) {
      calls.length = 0
      for (const key of Object.keys(answers)) delete answers[key]
      Object.assign(answers, initial)
    }
  }
}
