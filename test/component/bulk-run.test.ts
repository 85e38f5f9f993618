// Unit tests of the bulk runner and the per-key bulk actions: a failing key never stops the others, cancel stops after the key under way, keys a hub cannot act on are skipped.
import { describe, expect, it } from 'vitest'
import type { Capabilities } from '../../src-main/contract/hubs.contract'
import type { BulkTarget } from '../../src-main/contract/key-edit.contract'
import type { Client } from '../../src-renderer/src/api/client'
import { actOnKey, runBulk } from '../../src-renderer/src/features/key-actions/bulk-run'

const target = (id: string, tags: string[] = []): BulkTarget => ({
  id,
  connectionId: 'c1',
  connectionName: 'Acme',
  kind: 'cycle',
  environment: 'dev',
  name: `key-${id}`,
  tags
})

/** A client that answers from a table and records what it was asked. */
const fakeClient = (answer: (channel: string, payload: unknown) => unknown) => {
  const calls: { channel: string; payload: unknown }[] = []
  const client = {
    call: async (channel: string, payload: unknown) => {
      calls.push({ channel, payload })
      return answer(channel, payload)
    },
    on: () => () => undefined
  } as unknown as Client
  return { client, calls }
}

const capabilities = (patch: Partial<Capabilities>) => () =>
  ({
    verify: true,
    delete: 'hub',
    update: { name: true, ips: true, headers: false, role: false, status: false, expiry: false },
    ...patch
  }) as Capabilities

describe('runBulk', () => {
  it('keeps going after a key fails and reports each key in order', async () => {
    const seen: number[] = []
    const results = await runBulk(
      [target('a'), target('b'), target('c')],
      async (key) => {
        if (key.id === 'b') throw new Error('socket hang up')
        return { state: 'ok', detail: 'fine' }
      },
      { signal: new AbortController().signal, onResult: (_, done) => seen.push(done) }
    )
    expect(results.map((result) => [result.target.id, result.state, result.detail])).toEqual([
      ['a', 'ok', 'fine'],
      ['b', 'failed', 'socket hang up'],
      ['c', 'ok', 'fine']
    ])
    expect(seen).toEqual([1, 2, 3])
  })

  it('stops after the key under way when cancelled', async () => {
    const controller = new AbortController()
    const results = await runBulk(
      [target('a'), target('b'), target('c')],
      async (key) => {
        if (key.id === 'a') controller.abort()
        return { state: 'ok', detail: '' }
      },
      { signal: controller.signal, onResult: () => undefined }
    )
    expect(results.map((result) => result.target.id)).toEqual(['a'])
  })
})

describe('actOnKey', () => {
  it('skips what the hub cannot do and calls nothing for it', async () => {
    const { client, calls } = fakeClient(() => ({ ok: true, value: {} }))
    const hub = capabilities({ verify: false, delete: 'none' })
    expect(await actOnKey(client, { kind: 'verify' }, target('a'), hub)).toMatchObject({
      state: 'skipped'
    })
    expect(await actOnKey(client, { kind: 'delete' }, target('a'), hub)).toMatchObject({
      state: 'skipped'
    })
    expect(
      await actOnKey(client, { kind: 'status', status: 'inactive' }, target('a'), hub)
    ).toMatchObject({ state: 'skipped', detail: 'Cycle keys have no status Hubkeys can set.' })
    expect(calls).toEqual([])
  })

  it('adds and removes a tag from the tags the key has, ignoring ASCII case', async () => {
    const { client, calls } = fakeClient((_, payload) => ({
      ok: true,
      value: { localId: 'a', notes: null, owner: null, tags: (payload as { tags: string[] }).tags }
    }))
    const hub = capabilities({})
    expect(
      await actOnKey(client, { kind: 'add-tag', tag: 'OPS' }, target('a', ['ops']), hub)
    ).toEqual({ state: 'ok', detail: 'Already tagged.' })
    await actOnKey(client, { kind: 'add-tag', tag: 'ci' }, target('a', ['ops']), hub)
    await actOnKey(client, { kind: 'remove-tag', tag: 'OPS' }, target('a', ['ops', 'x']), hub)
    expect(calls).toEqual([
      {
        channel: 'keys:annotate',
        payload: { connectionId: 'c1', keyId: 'a', tags: ['ops', 'ci'] }
      },
      { channel: 'keys:annotate', payload: { connectionId: 'c1', keyId: 'a', tags: ['x'] } }
    ])
  })

  it('answers rejected and could-not-check verifications with the reason', async () => {
    const { client } = fakeClient((_, payload) =>
      (payload as { keyId: string }).keyId === 'a'
        ? { ok: true, value: { valid: false, detail: 'Cycle answered 401.' } }
        : { ok: false, error: { code: 'UNAVAILABLE', message: 'Cycle could not be reached.' } }
    )
    const hub = capabilities({})
    expect(await actOnKey(client, { kind: 'verify' }, target('a'), hub)).toEqual({
      state: 'rejected',
      detail: 'Cycle answered 401.'
    })
    expect(await actOnKey(client, { kind: 'verify' }, target('b'), hub)).toEqual({
      state: 'unchecked',
      detail: 'Cycle could not be reached.'
    })
  })
})
