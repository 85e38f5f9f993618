// Desktop expiry reminders: announced on unlock once per threshold, remembered across restarts; the notifier adapter.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { openConfReminderLog } from '../../src-main/adapters/preferences/conf.reminder-log'
import { createDesktopNotifier } from '../../src-main/electron/expiry-notifier'
import { createTestCore, openTestStores } from '../helpers/test-core'

vi.mock('electron', () => ({ Notification: class {} }))

const day = 86_400_000

const seed = (stores: ReturnType<typeof openTestStores>, now: number) => {
  const connection = stores.inventory.insertConnection({
    id: 'c1',
    name: 'DCT prod',
    kind: 'dct',
    baseUrl: 'https://dct.example.com',
    settings: {},
    tls: { allowInvalidCertificate: false },
    environment: 'prod',
    colour: '#e5484d',
    credentialSecretId: null
  })
  const key = (hubKeyId: string, name: string, expiresAt: number | null) =>
    stores.inventory.upsertKey(connection.id, {
      hubKeyId,
      tenant: '',
      name,
      status: 'active',
      role: null,
      scopes: [],
      ipRules: null,
      headers: [],
      createdAt: now - 100 * day,
      expiresAt,
      lastUsedAt: null,
      owner: null,
      fingerprint: null,
      oddities: []
    })
  key('1', 'etl-writer', now + 5 * day)
  key('2', 'grafana-readonly', now + 200 * day)
  key('3', 'ci-deploy', null)
}

describe('expiry reminders', () => {
  it('notifies once per threshold on unlock and remembers it in reminders.json', async () => {
    const now = Date.UTC(2026, 10, 24)
    const dataDir = mkdtempSync(join(tmpdir(), 'hk-remind-'))
    const stores = openTestStores(dataDir)
    seed(stores, now)
    const shown: string[] = []
    const core = createTestCore({
      stores,
      now: () => now,
      reminders: {
        notifier: { notify: (_t, body) => void shown.push(body) },
        log: openConfReminderLog(dataDir)
      }
    })
    await core.vault.create('reminder passphrase')
    expect(shown).toEqual(['Key "etl-writer" on DCT prod expires in 5 days.'])
    core.vault.lock('manual')
    await core.vault.unlock('reminder passphrase')
    expect(shown).toHaveLength(1)
    // A restart reads the log back and stays quiet too.
    const again = createTestCore({
      stores,
      now: () => now,
      reminders: {
        notifier: { notify: (_t, body) => void shown.push(body) },
        log: openConfReminderLog(dataDir)
      }
    })
    await again.vault.unlock('reminder passphrase')
    expect(shown).toHaveLength(1)
    await core.close()
    await again.close()
  })

  it('shows an Electron notification only where notifications are supported', () => {
    const shown: unknown[] = []
    class FakeNotification {
      static supported = true
      static isSupported = () => FakeNotification.supported
      constructor(private readonly options: unknown) {}
      show() {
        shown.push(this.options)
      }
    }
    const notifier = createDesktopNotifier(FakeNotification as never)
    notifier.notify('Hubkeys: key expiring', 'Key "x" expires in 7 days.')
    FakeNotification.supported = false
    notifier.notify('Hubkeys: key expiring', 'not shown')
    expect(shown).toEqual([{ title: 'Hubkeys: key expiring', body: 'Key "x" expires in 7 days.' }])
  })
})
