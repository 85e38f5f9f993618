// Web-mode stand-in for the preload, run in the browser: exposes the same `window.api` over a WebSocket.
import { transport } from '../src-main/contract/api'
import {
  binaryFrameCallId,
  decodeBinaryFrame,
  textAnswerCallId
} from '../src-main/contract/binary-frame'
import { isChannelName, isEventName } from '../src-main/contract/names'

type Envelope = { ok: boolean; error?: { code: string; message: string } }
type Pending = { resolve: (value: Envelope) => void }

const failure = (code: string, message: string): Envelope => ({
  ok: false,
  error: { code, message }
})

/**
 * The per-run token arrives in the URL fragment (never sent to a server or written to its logs),
 * is kept for this tab's session so a reload still works, and is removed from the address bar.
 */
const readToken = (): string | undefined => {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token')
  if (fromHash && /^[0-9a-f]{32,128}$/.test(fromHash)) {
    sessionStorage.setItem('hubkeys.token', fromHash)
    history.replaceState(null, '', location.pathname + location.search)
    return fromHash
  }
  return sessionStorage.getItem('hubkeys.token') ?? undefined
}

const token = readToken()
const pending = new Map<number, Pending>()
const listeners = new Map<string, Set<(payload: unknown) => void>>()
let nextId = 1
let opened: Promise<WebSocket> | undefined

const connect = (): Promise<WebSocket> => {
  if (opened) return opened
  opened = new Promise((resolve, reject) => {
    if (!token) {
      reject(
        new Error(
          'This page was opened without its access token; use the address web mode printed.'
        )
      )
      return
    }
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${transport.wsPath}`
    const ws = new WebSocket(url, [transport.wsProtocol, `${transport.wsTokenPrefix}${token}`])
    ws.binaryType = 'arraybuffer'
    ws.addEventListener('open', () => {
      resolve(ws)
    })
    ws.addEventListener('message', (message) => {
      let data: { id?: number; result?: Envelope; event?: string; payload?: unknown }
      try {
        // Answers holding usage columns come as one binary frame (contract/binary-frame.ts).
        data = (
          message.data instanceof ArrayBuffer
            ? decodeBinaryFrame(message.data)
            : JSON.parse(String(message.data))
        ) as typeof data
      } catch {
        // An answer that cannot be read still names its call: answer it, not leave it waiting.
        const id =
          message.data instanceof ArrayBuffer
            ? binaryFrameCallId(message.data)
            : textAnswerCallId(String(message.data))
        if (id !== undefined) {
          pending
            .get(id)
            ?.resolve(
              failure(
                'UNAVAILABLE',
                'Hubkeys answered in a form this window could not read; reload it.'
              )
            )
          pending.delete(id)
        }
        return
      }
      if (typeof data.id === 'number' && data.result) {
        pending.get(data.id)?.resolve(data.result)
        pending.delete(data.id)
      } else if (typeof data.event === 'string') {
        for (const listener of listeners.get(data.event) ?? []) listener(data.payload)
      }
    })
    ws.addEventListener('close', () => {
      opened = undefined
      for (const entry of pending.values()) {
        entry.resolve(
          failure('UNAVAILABLE', 'Lost the connection to Hubkeys; reload the page to reconnect.')
        )
      }
      pending.clear()
      reject(new Error('Hubkeys refused the connection or it closed.'))
    })
  })
  opened.catch(() => undefined)
  return opened
}

const api = {
  async invoke(channel: unknown, payload: unknown): Promise<Envelope> {
    if (!isChannelName(channel)) return failure('UNKNOWN_CHANNEL', 'Unknown channel.')
    let ws: WebSocket
    try {
      ws = await connect()
    } catch (error) {
      return failure(
        'UNAVAILABLE',
        error instanceof Error ? error.message : 'Cannot reach Hubkeys.'
      )
    }
    const id = nextId++
    let body: string
    try {
      body = JSON.stringify({ id, channel, payload: payload ?? {} })
    } catch {
      // Cycles and BigInts cannot travel; answer like any bad request instead of throwing.
      return failure('BAD_REQUEST', 'The request cannot be sent as JSON.')
    }
    // The cap is in bytes and the server closes the socket on anything larger, failing every
    // pending call: measure UTF-8, not UTF-16 string length.
    if (new TextEncoder().encode(body).byteLength > transport.maxMessageBytes) {
      return failure('BAD_REQUEST', 'The request is too large.')
    }
    // A socket that closed after `connect()` resolved would drop the frame and leave the call
    // pending forever (its close handler has already run).
    if (ws.readyState !== WebSocket.OPEN) {
      return failure('UNAVAILABLE', 'Lost the connection to Hubkeys; reload the page to reconnect.')
    }
    return new Promise<Envelope>((resolve) => {
      pending.set(id, { resolve })
      ws.send(body)
    })
  },
  subscribe(event: unknown, listener: unknown): () => void {
    if (!isEventName(event) || typeof listener !== 'function') return () => undefined
    const set = listeners.get(event) ?? new Set()
    const wrapped = (payload: unknown) => listener(payload)
    set.add(wrapped)
    listeners.set(event, set)
    // Events flow once the socket is open; subscribing alone opens it.
    void connect().catch(() => undefined)
    return () => {
      set.delete(wrapped)
    }
  }
}

Object.defineProperty(window, 'api', {
  value: Object.freeze(api),
  writable: false,
  configurable: false
})
