// Test helper that runs the built web mode (`node out/main/web.js --json`) as a child process; used by vitest, Playwright and benches.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const webEntry = join(repoRoot, 'out/main/web.js')
export const rendererIndex = join(repoRoot, 'out/renderer/index.html')

/** What `web.js --json` prints on its first line. */
export interface WebModeAddress {
  url: string
  openUrl: string
  port: number
}

export interface WebModeProcess extends WebModeAddress {
  child: ChildProcess
  dataDir: string
  /** Everything the process wrote to stderr so far, for failure messages. */
  stderr(): string
  /** Sends the signal and resolves with how the process ended; kills it if it lingers. */
  stop(signal?: NodeJS.Signals): Promise<ProcessEnd>
}

export interface ProcessEnd {
  code: number | null
  signal: NodeJS.Signals | null
}

/**
 * Builds the app once when its output is missing, so a test run straight after a clone works.
 * `npm test` and `npm run bench` build first, so this normally does nothing.
 */
export const ensureBuilt = (): void => {
  if (existsSync(webEntry) && existsSync(rendererIndex)) return
  execFileSync(join(repoRoot, 'node_modules/.bin/electron-vite'), ['build'], {
    cwd: repoRoot,
    stdio: 'inherit'
  })
}

export const waitForExit = (child: ChildProcess): Promise<ProcessEnd> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve({ code: child.exitCode, signal: child.signalCode })
    : new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))

/** Starts web mode on a fresh data folder and resolves once it has printed its address. */
export const spawnWebMode = async (extraArgs: string[] = []): Promise<WebModeProcess> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hubkeys-web-'))
  const child = spawn(process.execPath, [webEntry, '--json', '--data-dir', dataDir, ...extraArgs], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true })

  let address: WebModeAddress
  try {
    address = await new Promise<WebModeAddress>((resolve, reject) => {
      let stdout = ''
      const onData = (chunk: string) => {
        stdout += chunk
        const newline = stdout.indexOf('\n')
        if (newline < 0) return
        child.stdout?.off('data', onData)
        child.off('exit', onExit)
        try {
          resolve(JSON.parse(stdout.slice(0, newline)) as WebModeAddress)
        } catch {
          reject(new Error(`web mode printed something other than JSON: ${stdout.slice(0, 200)}`))
        }
      }
      const onExit = (code: number | null) =>
        reject(new Error(`web mode exited (${code}) before printing its address: ${stderr.trim()}`))
      child.stdout?.setEncoding('utf8').on('data', onData)
      child.once('exit', onExit)
      child.once('error', reject)
    })
  } catch (error) {
    child.kill('SIGKILL')
    cleanup()
    throw error
  }

  return {
    ...address,
    child,
    dataDir,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      const ended = waitForExit(child)
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      // A server that ignores the signal must not outlive the test run.
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      try {
        return await ended
      } finally {
        clearTimeout(timer)
        cleanup()
      }
    }
  }
}
