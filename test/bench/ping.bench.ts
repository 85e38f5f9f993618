// Benchmark (node): app:ping round trips over web mode's WebSocket, against the built `web.js` in its own process.
import { WebSocket, type RawData } from 'ws'
import { transport } from '../../src-main/contract/api'
import { ensureBuilt, spawnWebMode, type ProcessEnd } from '../helpers/spawn-web-mode'
import { roundMs, summarise, type Metrics } from './bench-metrics'

const warmUpCalls = 100
const measuredCalls = 1000

const connect = (port: number, token: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${port}${transport.wsPath}`,
      [transport.wsProtocol, `${transport.wsTokenPrefix}${token}`],
      { origin: `http://127.0.0.1:${port}` }
    )
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`socket refused with ${res.statusCode}`))
    )
    ws.once('error', reject)
  })

/** One sequential call: resolves with the round-trip time once the matching answer is back. */
const ping = (ws: WebSocket, id: number): Promise<number> =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const onMessage = (data: RawData) => {
      const elapsed = performance.now() - started
      const answer = JSON.parse(data.toString()) as { id?: number; result?: { ok?: boolean } }
      if (answer.id !== id) return
      ws.off('message', onMessage)
      if (answer.result?.ok !== true)
        reject(new Error(`app:ping answered ${data.toString().slice(0, 200)}`))
      else resolve(elapsed)
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ id, channel: 'app:ping', payload: {} }))
  })

export async function run(): Promise<Metrics> {
  ensureBuilt()
  const web = await spawnWebMode()
  const samples: number[] = []
  let ended: ProcessEnd = { code: null, signal: null }
  try {
    const token = new URL(web.openUrl).hash.replace(/^#token=/, '')
    const ws = await connect(web.port, token)
    let id = 0
    for (let i = 0; i < warmUpCalls; i++) await ping(ws, ++id)
    for (let i = 0; i < measuredCalls; i++) samples.push(await ping(ws, ++id))
    ws.close()
  } finally {
    ended = await web.stop('SIGTERM')
  }
  // Checked after the finally, so a failure above is the one reported.
  if (ended.code !== 0) throw new Error(`web mode exited with ${ended.code ?? ended.signal}`)
  const { median, p95 } = summarise(samples)
  return {
    ws_ping_median_ms: { value: roundMs(median), unit: 'ms' },
    ws_ping_p95_ms: { value: roundMs(p95), unit: 'ms' }
  }
}
