// The Secret type: a plaintext secret (hub credential, key value, generated token) that never prints or serialises itself; runs in main.

/** What every string conversion, JSON and `util.inspect` of a Secret shows instead of its value. */
export const redactedSecret = '[secret]'

// Node's `util.inspect.custom` is this registered symbol, so core needs no `node:util` import.
const inspectCustom = Symbol.for('nodejs.util.inspect.custom')

const encoder = new TextEncoder()
// Fatal: bytes that are not UTF-8 would otherwise become U+FFFD and a different credential.
const decoder = new TextDecoder('utf-8', { fatal: true })

// A Secret dropped without dispose() (a credential an adapter keeps for its lifetime) still has its
// bytes zeroed when the garbage collector reclaims it; when that happens is up to the engine.
const zeroWhenCollected = new FinalizationRegistry<Uint8Array>((bytes) => bytes.fill(0))

const disposedError = (): Error =>
  new Error('A secret was used after it was disposed; this is a bug.')

/**
 * A plaintext secret held in main-process memory. Its value is read only through `reveal()`,
 * `use()` or `derive()`, so every place plaintext leaves it is greppable; everything else
 * (`String(s)`, `${s}`, `s + ''`, `JSON.stringify`, `console.log`, `util.inspect`) gives
 * `[secret]`. The private field makes the type nominal: a Secret is not assignable to `string`,
 * to a logger's fields or to anything a contract schema accepts.
 *
 * Ownership: whoever receives a Secret from a producer (`vault.readSecret`, an adapter's
 * `createKey`, `Secret.fromString`) owns it and disposes it after its last use (`using`, or
 * `dispose()`); a function that takes a Secret as an argument only borrows it. The main bundles
 * target Node 20, so `using` is lowered for the CLI and web mode (electron.vite.config.ts).
 *
 * Zeroing is best effort, and only the bytes held here can be zeroed. JS strings are immutable and
 * cannot be wiped: the string a secret came from (a request payload, a JSON answer) and every
 * string `reveal()` returns (an HTTP header, a URL path) stay in the heap until the garbage
 * collector reuses their memory. Prefer `use()` where bytes will do (sealing, hashing).
 */
export class Secret implements Disposable {
  #bytes: Uint8Array | null

  private constructor(bytes: Uint8Array) {
    this.#bytes = bytes
    zeroWhenCollected.register(this, bytes, this)
  }

  /** A secret holding the UTF-8 bytes of `plaintext` (the string itself cannot be wiped). */
  static fromString(plaintext: string): Secret {
    if (typeof plaintext !== 'string') throw new TypeError('Secret.fromString needs a string.')
    return new Secret(encoder.encode(plaintext))
  }

  /**
   * A secret that takes over `bytes` (for example a buffer the vault just decrypted): the caller
   * must not keep or reuse them, because disposing the secret zeroes them.
   */
  static adopt(bytes: Uint8Array): Secret {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('Secret.adopt needs a Uint8Array.')
    return new Secret(bytes)
  }

  /** An optional input as a trimmed secret; `undefined` when absent or blank. */
  static fromOptional(plaintext: string | undefined): Secret | undefined {
    const trimmed = plaintext?.trim()
    return trimmed ? Secret.fromString(trimmed) : undefined
  }

  #live(): Uint8Array {
    if (this.#bytes === null) throw disposedError()
    return this.#bytes
  }

  /**
   * The plaintext as a string, for the one place that must send it (a header, a URL path, a
   * comparison). The returned string is a copy that cannot be zeroed: keep it in a local, never
   * in a field, a log or a message.
   */
  reveal(): string {
    return decoder.decode(this.#live())
  }

  /** Runs `work` with the plaintext bytes (no string copy); `work` must not keep them. */
  use<T>(work: (bytes: Uint8Array) => T): T {
    return work(this.#live())
  }

  /**
   * A new secret made from this one's plaintext (trimmed, a prefix removed); this one is left as
   * it was. The intermediate strings are ordinary, unwipeable strings.
   */
  derive(transform: (plaintext: string) => string): Secret {
    return Secret.fromString(transform(this.reveal()))
  }

  /** Length of the UTF-8 plaintext in bytes; 0 once disposed. */
  get byteLength(): number {
    return this.#bytes?.length ?? 0
  }

  get disposed(): boolean {
    return this.#bytes === null
  }

  /** Zeroes the bytes and forgets them; later reads throw. Disposing twice is harmless. */
  dispose(): void {
    if (this.#bytes === null) return
    this.#bytes.fill(0)
    this.#bytes = null
    zeroWhenCollected.unregister(this)
  }

  [Symbol.dispose](): void {
    this.dispose()
  }

  toString(): string {
    return redactedSecret
  }

  toJSON(): string {
    return redactedSecret
  }

  [Symbol.toPrimitive](): string {
    return redactedSecret
  }

  [inspectCustom](): string {
    return redactedSecret
  }
}
