// Unit tests of the sync snapshot codec: a snapshot compressed page by page reads back as the same text as one made from the whole list, and the stream underneath keeps its parts in order.
import { describe, expect, it } from 'vitest'
import { platform } from '../../src-main/core/ports/platform.port'
import {
  decodeSnapshot,
  inflateSnapshot,
  snapshotJson,
  snapshotJsonOfPages,
  startSnapshotCompression
} from '../../src-main/core/sync/snapshot-codec'
import type { SnapshotKey } from '../../src-main/core/ports/sync-store.port'

const key = (n: number): SnapshotKey => ({
  id: `id-${n}`,
  hubKeyId: `hub-key-${n}`,
  tenant: 'tenant "quoted" \u00e9',
  name: `key ${n} \u2713`,
  status: n % 2 === 0 ? 'active' : 'inactive',
  role: null,
  scopes: ['a', 'b'],
  ipRules: n % 3 === 0 ? null : ['10.0.0.0/8'],
  headers: [],
  createdAt: 1_700_000_000_000 + n,
  expiresAt: null,
  lastUsedAt: null,
  owner: null,
  fingerprint: null,
  oddities: []
})

describe('snapshot compressed page by page', () => {
  it('reads back as the text of the whole list, keys in page order', async () => {
    const pages = [[key(1), key(2), key(3)], [key(4)], [key(5), key(6)]].map((page) =>
      JSON.stringify(page)
    )
    const compression = startSnapshotCompression()
    for (const page of pages) compression.addPage(page)
    const body = await compression.finish()
    const all = [1, 2, 3, 4, 5, 6].map(key)
    expect(await inflateSnapshot(body)).toBe(snapshotJson(all))
    expect(await inflateSnapshot(body)).toBe(snapshotJsonOfPages(pages))
    expect(await decodeSnapshot(body)).toEqual(all)
  })

  it('makes an empty snapshot when no page came', async () => {
    const body = await startSnapshotCompression().finish()
    expect(await inflateSnapshot(body)).toBe(snapshotJson([]))
  })

  it('keeps a large stream whole across many parts', async () => {
    const stream = platform().deflateStream(1)
    const parts = Array.from({ length: 200 }, (_, i) => `part ${i} ${'x'.repeat(i * 97)}|`)
    for (const part of parts) stream.write(Buffer.from(part, 'utf8'))
    const body = await stream.end()
    expect((await platform().inflate(body)).toString('utf8')).toBe(parts.join(''))
  })
})
