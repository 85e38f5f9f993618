// Unit tests for the CLI's escaping of hub- and user-supplied text (terminal lines, tables and JSON).
import { describe, expect, it } from 'vitest'
import { escapeTerminal, json, line, table } from '../../src-main/cli/terminal-text'

const hostile =
  'evil\u001b]0;pwned\u0007\u001b[2J name\r\nFAKE LINE\t\u202etxt.exe\u2066\u0085\u009b31m\u007f'

describe('escapeTerminal', () => {
  it('shows every control and bidi character as an escape instead of letting it act', () => {
    expect(escapeTerminal(hostile)).toBe(
      'evil\\x1b]0;pwned\\x07\\x1b[2J name\\x0d\\x0aFAKE LINE\\x09\\u202etxt.exe\\u2066\\x85\\x9b31m\\x7f'
    )
    expect(escapeTerminal('a\u200eb\u200fc\u061cd\u2028e\u2029f\u202ag\u2069h')).toBe(
      'a\\u200eb\\u200fc\\u061cd\\u2028e\\u2029f\\u202ag\\u2069h'
    )
  })

  it('leaves ordinary text alone, accents, CJK and emoji included', () => {
    const text = 'Prod clé – 東京 🔑 C:\\keys "quoted"'
    expect(escapeTerminal(text)).toBe(text)
  })
})

describe('line', () => {
  it('escapes interpolated values but not the literal parts', () => {
    const name = 'x\u001b[31my'
    expect(line`Deleted "${name}".\n`).toBe('Deleted "x\\x1b[31my".\n')
  })
})

describe('table', () => {
  it('escapes every cell, so a name cannot add a row or move the columns', () => {
    const out = table([
      ['NAME', 'ID'],
      ['a\nb', '1'],
      ['\u202eok', '2']
    ])
    expect(out.split('\n')).toEqual(['NAME      ID', 'a\\x0ab    1', '\\u202eok  2'])
  })
})

describe('json', () => {
  it('stays valid JSON with the same value and no raw control or bidi character', () => {
    const value = { name: hostile, nested: [hostile] }
    const out = json(value)
    expect(JSON.parse(out)).toEqual(value)
    for (const char of out) {
      const code = char.codePointAt(0) as number
      expect(code < 0x20 || (code >= 0x7f && code <= 0x9f)).toBe(false)
      expect([0x202e, 0x2066, 0x2028].includes(code)).toBe(false)
    }
    expect(out).toContain('\\u202e')
  })
})
