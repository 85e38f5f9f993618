// Node's implementation of the core platform: node:crypto, node:zlib and node:os's interface list; main process, web mode, CLI, tests.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  randomUUID,
  timingSafeEqual
} from 'node:crypto'
import { networkInterfaces } from 'node:os'
import { promisify } from 'node:util'
import { createDeflate, deflate, deflateSync, inflate } from 'node:zlib'
import type { DeflateStream, Platform } from '../../core/ports/platform.port'

const deflateAsync = promisify(deflate)
const inflateAsync = promisify(inflate)
const tagBytes = 16
/**
 * zlib's output chunk for `bytes` of input: each chunk is one round trip between the thread pool
 * and the main thread, and the 16 KB default made a sync's snapshot of thousands of keys take
 * dozens of them. Sized to the data (deflate's output is smaller than its input, inflate's about
 * `expansion` times larger), within bounds that keep small calls small.
 */
const zlibChunk = (bytes: number, expansion: number): number =>
  Math.min(4 * 1024 * 1024, Math.max(64 * 1024, bytes * expansion))

/** zlib's output chunk for a stream whose size is not known up front (see `zlibChunk`). */
const streamChunk = 256 * 1024

const deflateStream = (level: number): DeflateStream => {
  const stream = createDeflate({ level, chunkSize: streamChunk })
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise<Buffer>((resolve, reject) => {
    stream.once('end', () => resolve(Buffer.concat(chunks)))
    stream.once('error', reject)
  })
  // Read by `end`; a stream aborted or failing before anyone asks must not reject unhandled.
  ended.catch(() => undefined)
  return {
    // Written parts queue in the stream while the thread pool compresses the earlier ones.
    write: (data) => void stream.write(data),
    end: () => {
      stream.end()
      return ended
    },
    abort: () => {
      stream.destroy()
      chunks.length = 0
    }
  }
}

export const nodePlatform: Platform = {
  randomBytes: (size) => randomBytes(size),
  randomUUID: () => randomUUID(),
  sha256: (data) => createHash('sha256').update(data).digest(),
  hmacSha256: (key, data) => createHmac('sha256', key).update(data).digest(),
  timingSafeEqual: (a, b) => a.length === b.length && timingSafeEqual(a, b),
  aesGcmEncrypt(key, nonce, plaintext, aad) {
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: tagBytes })
    cipher.setAAD(aad)
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
    return { ciphertext, tag: cipher.getAuthTag() }
  },
  aesGcmDecrypt(key, nonce, ciphertext, tag, aad) {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: tagBytes })
    decipher.setAAD(aad)
    decipher.setAuthTag(tag)
    // update() hands out plaintext before the tag is checked; it is wiped if final() refuses.
    const head = decipher.update(ciphertext)
    try {
      return Buffer.concat([head, decipher.final()])
    } catch (error) {
      head.fill(0)
      throw error
    }
  },
  deflate: (data, level) => deflateAsync(data, { level, chunkSize: zlibChunk(data.byteLength, 1) }),
  deflateStream,
  deflateSync: (data, level) => deflateSync(data, { level }),
  inflate: (data) => inflateAsync(data, { chunkSize: zlibChunk(data.byteLength, 8) }),
  interfaceAddresses: () =>
    Object.entries(networkInterfaces()).flatMap(([name, infos]) =>
      (infos ?? []).map((info) => ({
        interface: name,
        address: info.address,
        family: info.family === 'IPv6' ? (6 as const) : (4 as const),
        internal: info.internal
      }))
    )
}
