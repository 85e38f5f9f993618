// The platform port: the few host primitives core needs (randomness, SHA-256/HMAC, AES-256-GCM, deflate, this machine's interface addresses), installed once per process by an adapter.

/**
 * Core never imports Node builtins (DESIGN.md section 1 and issue 3's check), so the composition
 * roots install these from `adapters/platform/node-platform.ts` before building the core. They are
 * plain functions over bytes, implemented by Node's audited crypto and zlib.
 */
export interface Platform {
  randomBytes(size: number): Buffer
  randomUUID(): string
  sha256(data: string | Uint8Array): Buffer
  hmacSha256(key: Uint8Array, data: string | Uint8Array): Buffer
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean
  /** AES-256-GCM with a 16-byte tag. */
  aesGcmEncrypt(
    key: Uint8Array,
    nonce: Uint8Array,
    plaintext: Uint8Array,
    aad: Uint8Array
  ): { ciphertext: Buffer; tag: Buffer }
  /** Throws when the tag does not verify; never returns unauthenticated plaintext. */
  aesGcmDecrypt(
    key: Uint8Array,
    nonce: Uint8Array,
    ciphertext: Uint8Array,
    tag: Uint8Array,
    aad: Uint8Array
  ): Buffer
  deflate(data: Uint8Array, level: number): Promise<Buffer>
  /** Deflate of data that arrives in parts, compressed in the thread pool as each is written. */
  deflateStream(level: number): DeflateStream
  deflateSync(data: Uint8Array, level: number): Buffer
  inflate(data: Uint8Array): Promise<Buffer>
  /** The addresses of this machine's network interfaces, as the operating system lists them. */
  interfaceAddresses(): { interface: string; address: string; family: 4 | 6; internal: boolean }[]
}

/** One zlib body written part by part: what `end` answers inflates to the parts joined in order. */
export interface DeflateStream {
  write(data: Uint8Array): void
  /** No more parts: the whole compressed body, once the thread pool is through. */
  end(): Promise<Buffer>
  /** Drops the stream and what it holds; `end` is not called after it. */
  abort(): void
}

let installed: Platform | undefined

export const installPlatform = (platform: Platform): void => {
  installed = platform
}

export const platform = (): Platform => {
  if (!installed) {
    throw new Error(
      'Hubkeys core was used before its platform was installed; import adapters/platform/install-node-platform first.'
    )
  }
  return installed
}
