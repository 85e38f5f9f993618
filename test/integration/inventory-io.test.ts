// Integration tests of the inventory export and CSV import through dispatch: real store and vault, no value in a plain export, a sealed export that opens only with its passphrase, and an import that reports bad rows and records the rest.
import { describe, expect, it } from 'vitest'
import { channels } from '../../src-main/contract/channels'
import { parseCsv } from '../../src-main/contract/csv-text'
import { openExport } from '../../src-main/core/inventory-io/export-envelope'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import { createTestCore, openTestStores } from '../helpers/test-core'

const password = 'inventory io passphrase'
const values = ['dm-value-0001-aaaaaaaa', 'dm-value-0002-bbbbbbbb', 'dm-value-0003-cccccccc']

const setup = async () => {
  const stores = openTestStores()
  const core = createTestCore({ stores })
  const dispatch = (channel: string, payload: unknown) =>
    core.dispatch(channel, payload, { transport: 'test' })
  const call = async (channel: string, payload: unknown) => {
    const result = await dispatch(channel, payload)
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
    return result.value as never
  }
  await call('vault:create', { password })
  const dmhub: { id: string } = await call('connections:add', {
    name: 'DM-Hub marketing',
    kind: 'dmhub',
    baseUrl: 'https://dmhub.example.com',
    settings: {}
  })
  return { core, stores, call, dispatch, connectionId: dmhub.id }
}

const csv = (rows: string[]) => `${rows.join('\r\n')}\r\n`

describe('inventory import from CSV', () => {
  it('states its facts: the CSV carries values, the call is audited', () => {
    expect(channels['inventory:import'].facts).toEqual({
      whileLocked: false,
      carriesSecret: 'request',
      changesHub: false,
      audit: 'import'
    })
    expect(channels['inventory:export'].facts.audit).toBe('export')
  })

  it('checks every row in a dry run, then records the good rows and reports the bad ones by line', async () => {
    const { core, stores, call, connectionId } = await setup()
    const file = csv([
      'Name,Value,Status,Expires,Owner,IP rules,Colour',
      `reporting,${values[0]},active,2027-03-31,ops team,,blue`,
      `"exports, nightly",${values[1]},inactive,,,,`,
      `bad-date,${values[2]},active,31/03/2027,,,`,
      `bad-ip,dm-value-0004-dddddddd,,,,10.0.0.300,`,
      `duplicate,${values[0]},,,,,`,
      ',dm-value-0005-eeeeeeee,,,,,',
      'with-ips,dm-value-0006-ffffffff,,,,10.0.0.0/8; 2001:db8::/32,'
    ])
    const dry: {
      notes: string[]
      rows: Array<{ line: number; outcome: string; detail: string }>
      ready: number
      failed: number
    } = await call('inventory:import', { connectionId, csv: file, dryRun: true })
    expect(dry.notes).toEqual(['The column "Colour" is not read.'])
    expect(dry.rows.map((row) => [row.line, row.outcome])).toEqual([
      [2, 'ready'],
      [3, 'ready'],
      [4, 'error'],
      [5, 'error'],
      [6, 'error'],
      [7, 'error'],
      [8, 'error']
    ])
    expect(dry.rows[2]!.detail).toMatch(/expires "31\/03\/2027" is not a date/)
    expect(dry.rows[3]!.detail).toMatch(/^ip_rules: /)
    expect(dry.rows[4]!.detail).toBe('The same value is on line 2 of the file.')
    expect(dry.rows[5]!.detail).toMatch(/^name: /)
    expect(dry.rows[6]!.detail).toBe('BSC DM-Hub keys have no IP rules; leave ip_rules empty.')
    expect(stores.inventory.listKeys(connectionId)).toHaveLength(0)
    // No row's message repeats a value from the file.
    for (const value of values) expect(JSON.stringify(dry)).not.toContain(value)

    const done: { imported: number; failed: number } = await call('inventory:import', {
      connectionId,
      csv: file,
      dryRun: false
    })
    expect(done, JSON.stringify(done)).toMatchObject({ imported: 2, failed: 5 })
    const recorded = stores.inventory.listKeys(connectionId)
    expect(recorded.map((key) => key.name).sort()).toEqual(['exports, nightly', 'reporting'])
    const reporting = recorded.find((key) => key.name === 'reporting')!
    expect(reporting).toMatchObject({
      status: 'active',
      expiresAt: Date.parse('2027-03-31T00:00:00Z'),
      owner: 'ops team'
    })
    expect(core.vault.readSecret(reporting.secretId!).reveal()).toBe(values[0])

    // Importing the same file again records nothing twice.
    const again: { imported: number; rows: Array<{ detail: string }> } = await call(
      'inventory:import',
      { connectionId, csv: file, dryRun: false }
    )
    expect(again.imported).toBe(0)
    expect(again.rows[0]!.detail).toBe('This value is already recorded here as "reporting".')
  })

  it('refuses a file without the needed columns, and hubs that list their own keys', async () => {
    const { call, dispatch, connectionId } = await setup()
    const cycle: { id: string } = await call('connections:add', {
      name: 'Cycle prod',
      kind: 'cycle',
      baseUrl: 'https://api.cycle.io',
      settings: { hubId: 'hub-1' },
      credential: 'master-credential'
    })
    const listed = await dispatch('inventory:import', {
      connectionId: cycle.id,
      csv: 'name,value\r\nx,y\r\n',
      dryRun: true
    })
    expect(!listed.ok && listed.error.message).toMatch(/lists its own keys; sync it instead/)
    const missing = await dispatch('inventory:import', {
      connectionId,
      csv: 'name,owner\r\nx,y\r\n',
      dryRun: true
    })
    expect(missing).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(!missing.ok && missing.error.message).toMatch(/needs the columns value/)
    const unclosed = await dispatch('inventory:import', {
      connectionId,
      csv: 'name,value\r\n"open,x\r\n',
      dryRun: true
    })
    expect(!unclosed.ok && unclosed.error.message).toMatch(/line 2 is never closed/)
  })
})

describe('inventory export', () => {
  it('writes metadata only unless asked, and seals the values with the passphrase when asked', async () => {
    const { call, dispatch, connectionId } = await setup()
    await call('inventory:import', {
      connectionId,
      csv: csv(['name,value', `one,${values[0]}`, `two,${values[1]}`]),
      dryRun: false
    })

    const plainJson: { text: string; keys: number; encrypted: boolean } = await call(
      'inventory:export',
      { format: 'json' }
    )
    expect(plainJson).toMatchObject({ keys: 2, encrypted: false })
    const parsed = JSON.parse(plainJson.text) as { keys: Array<Record<string, unknown>> }
    expect(parsed.keys.map((key) => key.name).sort()).toEqual(['one', 'two'])
    expect(parsed.keys[0]).not.toHaveProperty('value')
    const plainCsv: { text: string } = await call('inventory:export', { format: 'csv' })
    const rows = parseCsv(plainCsv.text)
    expect(rows[0]!.cells).toContain('fingerprint')
    expect(rows).toHaveLength(3)
    for (const value of values.slice(0, 2)) {
      expect(plainJson.text).not.toContain(value)
      expect(plainCsv.text).not.toContain(value)
    }

    const refused = await dispatch('inventory:export', { format: 'json', withSecrets: true })
    expect(!refused.ok && refused.error.message).toMatch(/needs a passphrase/)
    const short = await dispatch('inventory:export', {
      format: 'json',
      withSecrets: true,
      passphrase: 'short'
    })
    expect(short.ok).toBe(false)

    const passphrase = 'a long export passphrase'
    const sealed: { text: string; fileName: string; encrypted: boolean } = await call(
      'inventory:export',
      { format: 'csv', withSecrets: true, passphrase }
    )
    expect(sealed.encrypted).toBe(true)
    expect(sealed.fileName).toMatch(/\.csv\.hubkeys-encrypted\.json$/)
    for (const value of values.slice(0, 2)) expect(sealed.text).not.toContain(value)
    expect(sealed.text).not.toContain(passphrase)

    const kdf = createArgon2Kdf()
    const opened = await openExport(kdf, passphrase, sealed.text)
    expect(opened.contentType).toBe('text/csv')
    const inner = parseCsv(opened.plaintext)
    expect(inner[0]!.cells.at(-1)).toBe('value')
    expect(
      inner
        .slice(1)
        .map((row) => row.cells.at(-1))
        .sort()
    ).toEqual(values.slice(0, 2))
    await expect(openExport(kdf, 'the wrong passphrase!', sealed.text)).rejects.toThrow(
      /passphrase is wrong or the file was changed/
    )
    const tampered = sealed.text.replace(
      /"sealed": "(.)/,
      (_, c: string) => `"sealed": "${c === 'A' ? 'B' : 'A'}`
    )
    await expect(openExport(kdf, passphrase, tampered)).rejects.toThrow(/was changed/)

    // The audit log says an export with values happened, and holds neither values nor passphrase.
    const audit = JSON.stringify(await call('audit:list', { limit: 500 }))
    expect(audit).toContain('"export"')
    expect(audit).not.toContain(passphrase)
    for (const value of values) expect(audit).not.toContain(value)
  })
})
