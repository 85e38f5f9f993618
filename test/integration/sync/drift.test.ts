// Tests of the key-list comparison behind drift (normalised IP rules, null vs [], order-free fields) and the sync semaphore.
import { describe, expect, it } from 'vitest'
import type { SnapshotKey } from '../../../src-main/core/ports/sync-store.port'
import { diffKeyLists, normaliseIpRules } from '../../../src-main/core/sync/drift'
import { createSemaphore } from '../../../src-main/core/sync/semaphore'
import { makeKey } from './sync-test-kit'

const snap = (id: string, extra: Partial<SnapshotKey> = {}): SnapshotKey => ({
  ...makeKey(id, `key ${id}`, { tenant: 't' }),
  id: `local-${id}`,
  ...extra
})

describe('drift', () => {
  it('normalises IP rules to sorted unique CIDR networks and keeps null apart from []', () => {
    expect(normaliseIpRules(null)).toBeNull()
    expect(normaliseIpRules([])).toEqual([])
    expect(
      normaliseIpRules(['10.0.0.9/24', '10.0.0.0/24', ' 192.168.1.1', '2001:DB8::1/32'])
    ).toEqual(['10.0.0.0/24', '192.168.1.1/32', '2001:db8::/32'])
    // What the parser cannot read is compared as text rather than dropped.
    expect(normaliseIpRules(['Not An Address'])).toEqual(['not an address'])
  })

  it('finds nothing when only order or spelling differs', () => {
    const before = [
      snap('a', {
        ipRules: ['10.0.0.1', '172.16.0.0/12'],
        scopes: ['read', 'write'],
        headers: [
          { name: 'B', value: '2', enabled: true },
          { name: 'A', value: '1', enabled: false }
        ]
      })
    ]
    const after = [
      snap('a', {
        ipRules: ['172.16.5.5/12', '10.0.0.1/32'],
        scopes: ['write', 'read'],
        headers: [
          { name: 'A', value: '1', enabled: false },
          { name: 'B', value: '2', enabled: true }
        ]
      })
    ]
    expect(diffKeyLists(before, after)).toEqual({ rows: [], added: 0, removed: 0, changed: 0 })
  })

  it('names each changed field once, and counts a key with several changes once', () => {
    const diff = diffKeyLists(
      [snap('a'), snap('b', { ipRules: [] }), snap('gone')],
      [
        snap('a', {
          name: 'renamed',
          status: 'inactive',
          headers: [{ name: 'X', value: 'y', enabled: true }]
        }),
        snap('b', { ipRules: null }),
        snap('new')
      ]
    )
    expect(diff).toMatchObject({ added: 1, removed: 1, changed: 2 })
    expect(diff.rows.map((row) => [row.hubKeyId, row.change, row.before, row.after])).toEqual([
      ['a', 'renamed', 'key a', 'renamed'],
      ['a', 'status', 'active', 'inactive'],
      ['a', 'headers', [], [{ name: 'X', value: 'y', enabled: true }]],
      ['b', 'ip-rules', [], null],
      ['new', 'added', undefined, 'key new'],
      ['gone', 'removed', 'key gone', undefined]
    ])
    expect(diff.rows.find((row) => row.change === 'removed')?.keyId).toBe('local-gone')
  })

  it('tells keys apart by tenant as well as by hub id', () => {
    const diff = diffKeyLists([snap('a', { tenant: 'one' })], [snap('a', { tenant: 'two' })])
    expect(diff).toMatchObject({ added: 1, removed: 1, changed: 0 })
  })
})

describe('semaphore', () => {
  it('hands slots out in order, never more than the limit, and drops aborted waiters', async () => {
    const semaphore = createSemaphore(2)
    const first = await semaphore.acquire()
    const second = await semaphore.acquire()
    expect(semaphore.active).toBe(2)
    const order: string[] = []
    const controller = new AbortController()
    const third = semaphore.acquire().then((release) => (order.push('third'), release))
    const aborted = semaphore.acquire(controller.signal).catch(() => 'aborted')
    const fourth = semaphore.acquire().then((release) => (order.push('fourth'), release))
    expect(semaphore.waiting).toBe(3)
    controller.abort()
    expect(await aborted).toBe('aborted')
    expect(semaphore.waiting).toBe(2)
    first()
    first() // a second call must not free a second slot
    const releaseThird = await third
    expect(semaphore.active).toBe(2)
    expect(order).toEqual(['third'])
    second()
    const releaseFourth = await fourth
    expect(order).toEqual(['third', 'fourth'])
    releaseThird()
    releaseFourth()
    expect(semaphore.active).toBe(0)
    await expect(semaphore.acquire(AbortSignal.abort())).rejects.toBeDefined()
    expect(() => createSemaphore(0)).toThrow(RangeError)
  })
})
