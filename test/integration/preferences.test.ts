// Integration tests for the conf-backed preferences: defaults, validation, tolerant reads, file mode.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openConfPreferences } from '../../src-main/adapters/preferences/conf.preferences'

const fresh = () => mkdtempSync(join(tmpdir(), 'hk-prefs-'))

describe('conf preferences', () => {
  it('starts from defaults and persists a patch in preferences.json (0600)', () => {
    const dir = fresh()
    const prefs = openConfPreferences(dir)
    expect(prefs.get()).toEqual({
      theme: 'system',
      idleMinutes: 15,
      clipboardSeconds: 30,
      syncMinutes: 30,
      maxKeyAgeDays: 365,
      auditKeepDays: null,
      backupKeep: 7,
      policies: []
    })
    prefs.set({ theme: 'dark', idleMinutes: 5 })
    // Audit retention: set, then back to keeping everything.
    expect(prefs.set({ auditKeepDays: 90 }).auditKeepDays).toBe(90)
    expect(() => prefs.set({ auditKeepDays: 7 })).toThrow()
    prefs.set({ auditKeepDays: null })
    expect(openConfPreferences(dir).get().auditKeepDays).toBeNull()
    expect(openConfPreferences(dir).get()).toMatchObject({ theme: 'dark', idleMinutes: 5 })
    const file = join(dir, 'preferences.json')
    expect(JSON.parse(readFileSync(file, 'utf8')).theme).toBe('dark')
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('rejects an invalid patch and keeps what was stored', () => {
    const dir = fresh()
    const prefs = openConfPreferences(dir)
    prefs.set({ idleMinutes: 7 })
    expect(() => prefs.set({ idleMinutes: 100000 })).toThrow()
    expect(prefs.get().idleMinutes).toBe(7)
  })

  it('keeps valid fields of a hand-damaged file and defaults the rest', () => {
    const dir = fresh()
    writeFileSync(
      join(dir, 'preferences.json'),
      JSON.stringify({ theme: 'dark', idleMinutes: 'soon', junk: 1 })
    )
    expect(openConfPreferences(dir).get()).toMatchObject({
      theme: 'dark',
      idleMinutes: 15,
      clipboardSeconds: 30
    })
  })
})

describe('conf preferences with a file that is not JSON', () => {
  it('moves the file aside, keeps its bytes, and starts from defaults', () => {
    const dir = fresh()
    writeFileSync(join(dir, 'preferences.json'), '{ not json')
    const prefs = openConfPreferences(dir, () => 1234)
    expect(prefs.movedAside).toBe(join(dir, 'preferences.json.corrupt-1234'))
    expect(readFileSync(join(dir, 'preferences.json.corrupt-1234'), 'utf8')).toBe('{ not json')
    expect(prefs.get().theme).toBe('system')
  })
})
