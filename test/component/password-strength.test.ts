// Tests of the renderer's local password strength hint and new-password checks (pure functions, no DOM).
import { describe, expect, it } from 'vitest'
import { vaultChannels } from '../../src-main/contract/vault.contract'
import {
  newPasswordErrors,
  passwordStrength
} from '../../src-renderer/src/features/vault/password-strength'

describe('password strength hint', () => {
  it('calls anything under 12 characters too short, and says how many are missing', () => {
    expect(passwordStrength('')).toMatchObject({ level: 0, label: 'Too short' })
    expect(passwordStrength('elevenchars')).toMatchObject({
      level: 0,
      advice: '1 more character needed.'
    })
    expect(passwordStrength('twelve chars').level).toBeGreaterThan(0)
  })

  it.each([
    'Password1234',
    'P@ssw0rd2024!',
    'qwerty123456!',
    'passwordpassword',
    'letmein-letmein'
  ])('calls %s weak: it is built on a very common password', (password) => {
    expect(passwordStrength(password)).toMatchObject({ level: 1, label: 'Weak' })
  })

  it.each(['aaaaaaaaaaaa', 'abcdefghijklmnop', '123456789012', 'abcabcabcabc', 'qwertyuiopas'])(
    'calls %s weak: repeats and sequences add little',
    (password) => {
      expect(passwordStrength(password).level).toBe(1)
    }
  )

  it('rates long, varied passphrases strong and middling ones in between', () => {
    expect(passwordStrength('correct horse battery staple').label).toBe('Strong')
    expect(passwordStrength('Zürich-Brücke-42-Abend').label).toBe('Strong')
    expect(passwordStrength('tulip-orbit-9').label).toBe('Good')
    expect(passwordStrength('mountainriver').label).toBe('Fair')
  })

  it('is monotonic in one direction: adding an unrelated word never lowers the level', () => {
    const base = 'tulip-orbit-9'
    expect(passwordStrength(`${base}-canyon`).level).toBeGreaterThanOrEqual(
      passwordStrength(base).level
    )
  })
})

describe('new password checks', () => {
  it.each([11, 12, 1024, 1025])(
    'accept a %i-character password exactly when vault:create does',
    (length) => {
      const password = 'x'.repeat(length)
      const accepted = vaultChannels['vault:create'].request.safeParse({ password }).success
      expect(newPasswordErrors(password, password)).toEqual(
        accepted ? {} : { password: expect.stringContaining(`this one has ${length}`) }
      )
    }
  )

  it('asks for a password, then 12 characters, then a matching confirmation', () => {
    expect(newPasswordErrors('', '')).toEqual({ password: 'Enter a master password.' })
    expect(newPasswordErrors('too short', 'too short')).toEqual({
      password: 'Use at least 12 characters; this one has 9.'
    })
    expect(newPasswordErrors('long enough now', '')).toEqual({
      confirm: 'Type the password again to confirm it.'
    })
    expect(newPasswordErrors('long enough now', 'long enough no')).toEqual({
      confirm: 'The two passwords do not match.'
    })
    expect(newPasswordErrors('long enough now', 'long enough now')).toEqual({})
  })
})
