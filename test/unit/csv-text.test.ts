// Unit tests of the shared CSV reader and writer: quoting, formula guards, CRLF and LF, a byte-order mark, blank lines and an unclosed quote.
import { describe, expect, it } from 'vitest'
import { csvCell, csvText, parseCsv } from '../../src-main/contract/csv-text'

describe('csv text', () => {
  it('quotes cells with commas, quotes and line breaks, and guards formulas', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
    expect(csvCell(-3)).toBe('-3')
    expect(csvCell(null)).toBe('')
  })

  it('reads back what it writes, with the line each record starts on', () => {
    const text = csvText([
      ['name', 'note'],
      ['a,b', 'two\nlines'],
      ['"q"', '']
    ])
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['name', 'note'] },
      { line: 2, cells: ['a,b', 'two\nlines'] },
      { line: 4, cells: ['"q"', ''] }
    ])
  })

  it('accepts LF endings, a byte-order mark, blank lines and a last line without an ending', () => {
    expect(parseCsv('\uFEFFname,value\n\nx,1\n\ny,2')).toEqual([
      { line: 1, cells: ['name', 'value'] },
      { line: 3, cells: ['x', '1'] },
      { line: 5, cells: ['y', '2'] }
    ])
    expect(parseCsv('"",\n')).toEqual([{ line: 1, cells: ['', ''] }])
  })

  it('names the line of a quote that is never closed', () => {
    expect(() => parseCsv('a,b\n"open,\nmore')).toThrow(/starts on line 2 is never closed/)
  })
})
