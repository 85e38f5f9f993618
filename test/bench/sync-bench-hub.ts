// Serves the sync benchmark's simulated Cycle hubs from their own process, as remote hubs would be: each page recorded once from the spec-checked Cycle fake, then answered pre-serialised after the fixed latency; node via tsx.
// First: core's host primitives (crypto, zlib) must be installed before any core module runs.
import '../../src-main/adapters/platform/install-node-platform'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cyclePageSize } from '../../src-main/core/hubs/cycle/cycle.adapter'
import { createCycleFake, cycleZeroTime } from '../fakes/hubs/cycle.fake'

/** What the process prints as its one line on stdout once it listens. */
export interface BenchHubAddress {
  url: string
  hubs: { id: string; credential: string; keys: number }[]
}

/** One recorded answer, ready to write. */
interface Recorded {
  status: number
  contentType: string
  body: Buffer
}

const [tenants = 5, keysPerTenant = 2_000, latencyMs = 20] = process.argv
  .slice(2)
  .map((value) => Number(value))

/** The two listings a Cycle sync reads, each paged until an empty page. */
const listPaths = ['/v1/hubs/current/roles', '/v1/hubs/current/api-keys'] as const

const pageKey = (hubId: string, path: string, number: string | null, size: string | null) =>
  `${hubId}\n${path}\n${number ?? ''}\n${size ?? ''}`

/** An answer for anything not recorded, in Cycle's error envelope, so a sync asking it fails loudly. */
const refusal = (status: number, code: string, title: string): Recorded => ({
  status,
  contentType: 'application/json',
  body: Buffer.from(JSON.stringify({ error: { status, code, title } }))
})

/**
 * Asks the Cycle fake for every page a sync of each hub reads (page size as the adapter asks), so
 * every answer served later was checked against the Cycle spec when the fake made it.
 */
const record = async () => {
  const fake = await createCycleFake({
    seed: 7,
    tenants,
    keysPerTenant,
    latencyMs: 0,
    deleteSettleMs: 60_000
  })
  // The fake hides deleted keys from its list; bring them back so every hub lists all its keys.
  for (const hub of fake.hubs) {
    for (const key of hub.keys) {
      if (key.state === 'deleted' || key.state === 'deleting') {
        key.state = 'inactive'
        key.deleted = cycleZeroTime
      }
    }
  }
  await fake.start()
  const pages = new Map<string, Recorded>()
  const hubs: BenchHubAddress['hubs'] = []
  try {
    for (const hub of fake.hubs) {
      const authorization = `Bearer ${hub.adminSecret}`
      let keys = 0
      for (const path of listPaths) {
        for (let number = 1; ; number++) {
          const query = { 'page[number]': String(number), 'page[size]': String(cyclePageSize) }
          const response = await fetch(`${fake.url}${path}?${new URLSearchParams(query)}`, {
            headers: { authorization, 'x-hub-id': hub.id, accept: 'application/json' }
          })
          const body = Buffer.from(await response.arrayBuffer())
          if (response.status !== 200) {
            throw new Error(`the Cycle fake answered ${path} with ${response.status}`)
          }
          const key = pageKey(hub.id, path, query['page[number]'], query['page[size]'])
          const contentType = response.headers.get('content-type') ?? 'application/json'
          pages.set(key, { status: response.status, contentType, body })
          const items = (JSON.parse(body.toString('utf8')) as { data: unknown[] }).data.length
          if (path.endsWith('api-keys')) keys += items
          if (items === 0) break
        }
      }
      hubs.push({ id: hub.id, credential: hub.adminSecret, keys })
    }
    const violations = fake.specViolations()
    if (violations.length > 0) {
      throw new Error(`the recorded pages break the Cycle spec: ${violations.join('; ')}`)
    }
  } finally {
    await fake.close()
  }
  return { pages, hubs }
}

/**
 * The latency model is the fake's: every request waits `latencyMs` after it arrives, then gets its
 * answer. That wait is what the benchmark's floor counts (requests in sequence x latency); the
 * hub's own work per request is a map lookup and one write, so its CPU is not what is measured.
 */
const main = async () => {
  const { pages, hubs } = await record()
  const authorizations = new Map(hubs.map((hub) => [hub.id, `Bearer ${hub.credential}`]))
  const unauthorised = refusal(401, '401.auth-invalid', 'Invalid API key')
  const unknown = refusal(404, '404.not-found', 'Not recorded for the benchmark')
  const server = createServer((request, response) => {
    // GETs carry no body; reading it to the end keeps the connection reusable.
    request.resume()
    const url = new URL(request.url ?? '/', 'http://bench-hub')
    const hubId = request.headers['x-hub-id']
    const answer =
      typeof hubId !== 'string' || request.headers.authorization !== authorizations.get(hubId)
        ? unauthorised
        : (pages.get(
            pageKey(
              hubId,
              url.pathname,
              url.searchParams.get('page[number]'),
              url.searchParams.get('page[size]')
            )
          ) ?? unknown)
    setTimeout(() => {
      response.writeHead(answer.status, {
        'content-type': answer.contentType,
        'content-length': answer.body.length
      })
      response.end(answer.body)
    }, latencyMs)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address: BenchHubAddress = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hubs
  }
  process.stdout.write(`${JSON.stringify(address)}\n`)
  // The parent ends the hub by closing stdin (or by exiting, which closes it too).
  process.stdin.resume()
  process.stdin.on('end', () => {
    server.closeAllConnections()
    server.close(() => process.exit(0))
  })
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench hub failed: ${error instanceof Error ? error.message : String(error)}\n`
  )
  process.exit(1)
})
