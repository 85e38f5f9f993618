// The leak test: secrets stored through the real code must not appear in any file on disk, in any encoding.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAppCore } from '../../src-main/core/app-core'
import { minimumKdfParams } from '../../src-main/core/ports/kdf.port'
import { Secret } from '../../src-main/common/secret'
import { openSqliteStores } from '../../src-main/adapters/sqlite/sqlite-stores'
import { httpClientFactory } from '../../src-main/adapters/http/http-client'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import { openConfPreferences } from '../../src-main/adapters/preferences/conf.preferences'
import { createFileLogger } from '../../src-main/adapters/logging/file-logger'
import { testFacts } from '../helpers/test-core'

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

/** Every way a secret could be written: as is, UTF-16, base64, base64url and hex (both cases). */
const encodings = (secret: string): Buffer[] => {
  const bytes = Buffer.from(secret, 'utf8')
  return [
    bytes,
    Buffer.from(secret, 'utf16le'),
    Buffer.from(bytes.toString('base64')),
    Buffer.from(bytes.toString('base64url')),
    Buffer.from(bytes.toString('hex')),
    Buffer.from(bytes.toString('hex').toUpperCase())
  ]
}

describe('no secret reaches the disk', () => {
  it('holds for the master password, hub credentials and key values after lock', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hk-leak-'))
    const password = 'leak-test master passphrase 7f3a'
    const secrets = {
      cycle: 'cycle_secret_4b1d9e0c2a7f6e5d4c3b2a19',
      dct: `7.${'9f'.repeat(32)}`,
      optidash: 'optidash-master-key-Zq81Lm0pX'
    }
    const stores = openSqliteStores({ dataDir })
    const logger = createFileLogger({ dataDir, level: 'debug' })
    const preferences = openConfPreferences(dataDir)
    const core = createAppCore({
      facts: { ...testFacts, dataDir },
      stores: stores,
      kdf: createArgon2Kdf(),
      http: httpClientFactory,
      preferences,
      logger,
      kdfParams: { ...minimumKdfParams }
    })
    const ctx = { transport: 'test' as const }
    expect(await core.dispatch('vault:create', { password }, ctx)).toMatchObject({ ok: true })
    for (const [id, value] of Object.entries(secrets)) {
      core.vault.putSecret(`connection:${id}`, 'connection', Secret.fromString(value))
    }
    // Code that logs carelessly still must not leak: the sink scrubs.
    logger.log('info', `calling hub with Authorization: Bearer ${secrets.cycle}`)
    logger.log('warn', `GET https://api.optidash.ai/1.0/keys/${secrets.optidash}?from=x failed`)
    logger.log('error', 'request failed', { authorization: `apk ${secrets.dct}` })
    await core.dispatch('prefs:set', { theme: 'dark' }, ctx)
    await core.dispatch('vault:unlock', { password: 'a wrong password here' }, ctx)
    await core.dispatch('vault:change-password', { current: password, next: `${password} v2` }, ctx)
    expect(core.vault.readSecret('connection:cycle').reveal()).toBe(secrets.cycle)
    await core.dispatch('vault:lock', {}, ctx)
    // Leave the WAL as the app would while running: no close, no checkpoint beyond what it does.

    const files = filesUnder(dataDir)
    expect(files.map((f) => f.slice(dataDir.length + 1)).sort()).toEqual(
      expect.arrayContaining(['hubkeys.db', 'logs/hubkeys.log', 'preferences.json'])
    )
    for (const file of files) {
      const bytes = readFileSync(file)
      for (const secret of [password, `${password} v2`, ...Object.values(secrets)]) {
        for (const encoded of encodings(secret)) {
          expect(bytes.includes(encoded), `${secret.slice(0, 4)}… found in ${file}`).toBe(false)
        }
      }
    }
    await core.close()
    stores.close()
  })
})
