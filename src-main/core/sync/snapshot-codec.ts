// Encodes a sync's key list as zlib-compressed JSON and back, off the main thread where it can; runs in main.
import { platform } from '../ports/platform.port'
import type { SnapshotKey } from '../ports/sync-store.port'

/** Bodies carry a layout version so a later layout can still read old rows. */
interface SnapshotBody {
  v: 1
  keys: readonly SnapshotKey[]
}

/** Key JSON compresses well at any level; the fastest keeps a sync's apply short. */
const level = 1

/** The uncompressed text; equal texts mean equal snapshots (keys in the hub's order). */
export const snapshotJson = (keys: readonly SnapshotKey[]): string =>
  JSON.stringify({ v: 1, keys } satisfies SnapshotBody)

/**
 * The same text as `snapshotJson` of the pages' keys one after another, from each page's
 * `JSON.stringify` of its key array (made once, when the page was staged); empty pages excluded.
 */
export const snapshotJsonOfPages = (pageJson: readonly string[]): string =>
  `{"v":1,"keys":[${pageJson.map((page) => page.slice(1, -1)).join(',')}]}`

/**
 * A snapshot compressed while its pages arrive: `addPage` takes each page's key array text as
 * `snapshotJsonOfPages` would (non-empty pages only) and `finish` answers the body of that text,
 * so a pull's end waits only for its last page to be compressed.
 */
export interface SnapshotCompression {
  addPage(pageJson: string): void
  finish(): Promise<Buffer>
  abort(): void
}

export const startSnapshotCompression = (): SnapshotCompression => {
  const stream = platform().deflateStream(level)
  let pages = 0
  return {
    addPage(pageJson) {
      const opening = pages === 0 ? '{"v":1,"keys":[' : ','
      pages += 1
      stream.write(Buffer.from(opening + pageJson.slice(1, -1), 'utf8'))
    },
    finish() {
      stream.write(Buffer.from(pages === 0 ? '{"v":1,"keys":[]}' : ']}', 'utf8'))
      return stream.end()
    },
    abort: () => stream.abort()
  }
}

/** Compresses in libuv's thread pool, so pulling other connections goes on meanwhile. */
export const compressSnapshot = (json: string): Promise<Buffer> =>
  platform().deflate(Buffer.from(json, 'utf8'), level)

/** For the rare case where the body must be made inside a transaction. */
export const encodeSnapshotSync = (keys: readonly SnapshotKey[]): Buffer =>
  platform().deflateSync(Buffer.from(snapshotJson(keys), 'utf8'), level)

export const inflateSnapshot = async (body: Buffer): Promise<string> =>
  (await platform().inflate(body)).toString('utf8')

export const parseSnapshot = (json: string): SnapshotKey[] => {
  const parsed = JSON.parse(json) as Partial<SnapshotBody>
  if (parsed.v !== 1 || !Array.isArray(parsed.keys)) {
    throw new Error('The stored snapshot has a layout this build does not know.')
  }
  return parsed.keys as SnapshotKey[]
}

export const decodeSnapshot = async (body: Buffer): Promise<SnapshotKey[]> =>
  parseSnapshot(await inflateSnapshot(body))
