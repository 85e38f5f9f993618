// Runs the simulated Cycle hub for component tests in a child process (`fake-hubs.main.ts`), so neither the web type check nor happy-dom's transforms touch it.

/*
 * Component tests are type-checked by tsconfig.web.json (DOM types, no Node types), and Vitest
 * transforms what a happy-dom test imports as browser code, which turns the fake's
 * `new URL(file, import.meta.url)` into a web address. The fake therefore runs as its own Node
 * process, started through a module specifier TypeScript does not follow, and says where it
 * listens on stdout. The core under test reaches it over loopback HTTP like it would any hub.
 */

export interface CycleFakeLike {
  url: string
  /** The first hub's id and admin secret: a credential that can manage API keys. */
  hubId: string
  credential: string
  close(): Promise<void>
}

interface ChildLike {
  stdout: {
    setEncoding(encoding: string): void
    on(event: 'data', cb: (chunk: string) => void): void
  }
  stderr: {
    setEncoding(encoding: string): void
    on(event: 'data', cb: (chunk: string) => void): void
  }
  once(event: 'exit', cb: (code: number | null) => void): void
  once(event: 'error', cb: (error: Error) => void): void
  kill(signal: string): boolean
  exitCode: number | null
  signalCode: string | null
}

interface FakeHubsOutput {
  connections: {
    kind: string
    url: string
    credential: string | null
    settings: { hubId?: string }
  }[]
}

const childProcessModule = 'node:child_process'
const processModule = 'node:process'

/** The repository root, from this file's own address (Vite rewrites `new URL(path, import.meta.url)`). */
const repoRoot = (): string =>
  decodeURIComponent(new URL(import.meta.url).pathname).replace(/test\/component\/[^/]+$/, '')

export const startCycleFake = async (keysPerTenant = 6): Promise<CycleFakeLike> => {
  const { spawn } = (await import(/* @vite-ignore */ childProcessModule)) as {
    spawn(command: string, args: string[], options: { cwd: string; stdio: string[] }): ChildLike
  }
  const { execPath } = (await import(/* @vite-ignore */ processModule)) as { execPath: string }
  const child = spawn(
    execPath,
    [
      '--import',
      'tsx',
      'test/fakes/hubs/fake-hubs.main.ts',
      '--seed',
      '11',
      '--tenants',
      '1',
      '--keys',
      String(keysPerTenant)
    ],
    { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] }
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const output = await new Promise<FakeHubsOutput>((resolve, reject) => {
    let stdout = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      try {
        resolve(JSON.parse(stdout) as FakeHubsOutput)
      } catch {
        // The JSON arrives in pieces; wait for the rest.
      }
    })
    child.once('exit', (code) =>
      reject(new Error(`the simulated hubs exited (${code}) before starting: ${stderr.trim()}`))
    )
    child.once('error', reject)
  })
  const cycle = output.connections.find((connection) => connection.kind === 'cycle')
  if (!cycle?.credential || !cycle.settings.hubId) {
    child.kill('SIGTERM')
    throw new Error('The simulated hubs described no Cycle connection.')
  }
  return {
    url: cycle.url,
    hubId: cycle.settings.hubId,
    credential: cycle.credential,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}
