// Smoke test of `npm run demo`: it sets up through the contract, shows a missing key, a filled audit log and cached usage, and serves web mode.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'

const dataDir = mkdtempSync(join(tmpdir(), 'hk-demo-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('the demo', () => {
  it('starts, with keys missing at a hub, an intact audit trail of its setup, cached usage, and the page served', async () => {
    // The demo serves the built renderer; `npm test` builds before vitest runs.
    expect(existsSync(resolve('out/renderer/index.html'))).toBe(true)
    const child = spawn(
      process.execPath,
      [
        resolve('node_modules/tsx/dist/cli.mjs'),
        'test/fakes/run-demo.ts',
        '--json',
        '--data-dir',
        dataDir,
        '--tenants',
        '1',
        '--keys',
        '8',
        '--latency',
        '0'
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    try {
      const first = await new Promise<string>((done, fail) => {
        const lines = createInterface({ input: child.stdout })
        lines.once('line', done)
        child.once('exit', (code) => fail(new Error(`the demo exited with ${code}`)))
      })
      const started = JSON.parse(first) as { url: string; openUrl: string }
      const page = await fetch(started.url)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<div id="root">')

      const db = new Database(join(dataDir, 'hubkeys.db'), { readonly: true })
      try {
        const missing = db.prepare("SELECT name FROM keys WHERE status = 'missing'").all()
        expect(missing.map((row) => (row as { name: string }).name)).toContain('nightly-export')
        const actions = db.prepare('SELECT DISTINCT action FROM audit_log').all()
        expect(actions.map((row) => (row as { action: string }).action)).toEqual(
          expect.arrayContaining(['vault-create', 'connection-add', 'record', 'sync', 'create'])
        )
        // Usage charts have data on first open: daily and hourly buckets, and a quota.
        const cached = db
          .prepare('SELECT DISTINCT interval FROM usage_chunks ORDER BY interval')
          .all() as { interval: string }[]
        expect(cached.map((row) => row.interval)).toEqual(['day', 'hour'])
        expect(db.prepare('SELECT count(*) AS n FROM usage_quota').get()).not.toEqual({ n: 0 })
      } finally {
        db.close()
      }
    } finally {
      child.kill('SIGTERM')
    }
  }, 120_000)
})
