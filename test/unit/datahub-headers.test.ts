// Unit tests of the Data Hub header rules the editor and main share: name tokens, CR/LF and unknown placeholders, completions, the change list and Owl's console steps.
import { describe, expect, it } from 'vitest'
import {
  applyPlaceholder,
  headerChanges,
  owlCheckWord,
  owlHeaderSteps,
  placeholderCompletions
} from '../../src-main/contract/datahub-headers'
import {
  checkDatahubHeaders,
  datahubHeaderNameProblem,
  datahubHeaderValueProblem
} from '../../src-main/contract/datahub-rules'
import type { HeaderRule } from '../../src-main/contract/hubs.contract'

describe('header names (RFC 9110 tokens)', () => {
  it.each(['X-Total-Count', "x!#$%&'*+-.^_`|~9", 'ETag'])('accepts %s', (name) => {
    expect(datahubHeaderNameProblem(name)).toBeNull()
  })

  it.each([
    ['X Total', /holds a space/],
    ['X:Total', /holds ":"/],
    ['X-Tötal', /holds "ö"/],
    ['X(1)', /holds "\("/],
    ['X\u0001', /control character \(U\+0001\)/],
    ['', /Give the header a name/],
    ['content-length', /set by the HTTP answer/]
  ])('refuses %j', (name, message) => {
    expect(datahubHeaderNameProblem(name)).toMatch(message)
  })
})

describe('header values', () => {
  it.each([
    ['a\r\nX-Evil: 1', /line break \(CR or LF\)/],
    ['a\rb', /line break/],
    ['a\nb', /line break/],
    ['${collection.meta.total}', /\$\{collection\.meta\.total\} is not a placeholder Owl fills in/],
    ['${collection.meta.count', /\$\{collection\.meta\.count is an unfinished placeholder/],
    ['${collection.meta.count} rows', /not text and a placeholder together/],
    ['', /Give X-A a value/]
  ])('refuses %j', (value, message) => {
    expect(datahubHeaderValueProblem('X-A', value)).toMatch(message)
  })

  it('takes fixed text with a tab and each placeholder alone', () => {
    expect(datahubHeaderValueProblem('X-A', 'no-store\tprivate')).toBeNull()
    expect(datahubHeaderValueProblem('X-A', '${collection.meta.offset}')).toBeNull()
  })

  it('is what main refuses too, with the row that is wrong', () => {
    expect(
      checkDatahubHeaders([
        { name: 'X-A', value: '1', enabled: true },
        { name: 'X-B', value: 'x\ny', enabled: false }
      ])
    ).toMatchObject({ ok: false, errors: [{ index: 1, error: expect.stringMatching(/CR or LF/) }] })
  })
})

describe('placeholder completions', () => {
  it('offers all four after ${ and narrows as more is typed, ignoring case', () => {
    expect(placeholderCompletions('${', 2)).toEqual({
      from: 0,
      to: 2,
      options: [
        '${collection.meta.count}',
        '${collection.meta.name}',
        '${collection.meta.limit}',
        '${collection.meta.offset}'
      ]
    })
    expect(placeholderCompletions('${Collection.meta.L', 19)?.options).toEqual([
      '${collection.meta.limit}'
    ])
  })

  it('offers nothing without ${, after a closing brace, or when nothing fits', () => {
    expect(placeholderCompletions('no-store', 8)).toBeNull()
    expect(placeholderCompletions('${collection.meta.count}', 24)).toBeNull()
    expect(placeholderCompletions('${x', 3)).toBeNull()
    // The caret before the `${`: nothing typed there yet.
    expect(placeholderCompletions('${', 0)).toBeNull()
  })

  it('puts the chosen placeholder in place of what was typed and moves the caret after it', () => {
    const completion = placeholderCompletions('${collection.me', 15)
    expect(completion).not.toBeNull()
    expect(applyPlaceholder('${collection.me', completion!, '${collection.meta.name}')).toEqual({
      value: '${collection.meta.name}',
      caret: 23
    })
    // A brace already typed after the caret is not doubled.
    expect(applyPlaceholder('${co}', { from: 0, to: 4 }, '${collection.meta.count}')).toEqual({
      value: '${collection.meta.count}',
      caret: 24
    })
  })
})

const total: HeaderRule = { name: 'X-Total', value: '${collection.meta.count}', enabled: true }
const cache: HeaderRule = { name: 'Cache-Control', value: 'no-store', enabled: true }

describe('header changes and Owl steps', () => {
  it('finds nothing to do for the same set', () => {
    expect(headerChanges([total, cache], [total, cache])).toEqual([])
    expect(owlHeaderSteps('export-a', [total], [total])).toEqual([])
  })

  it('lists removals, additions and edits, matching names whatever their case', () => {
    const after: HeaderRule[] = [
      { name: 'x-total', value: '${collection.meta.limit}', enabled: false },
      { name: 'X-Name', value: '${collection.meta.name}', enabled: false }
    ]
    expect(headerChanges([total, cache], after)).toEqual([
      { change: 'removed', before: cache },
      { change: 'changed', before: total, after: after[0] },
      { change: 'added', after: after[1] }
    ])
    expect(owlHeaderSteps('export-a', [total, cache], after)).toEqual([
      'In Owl, open the API key export-a and go to its response headers.',
      'Remove the header Cache-Control.',
      'Rename the header X-Total to x-total.',
      'Change the value of x-total from ${collection.meta.count} to ${collection.meta.limit}.',
      'Mark x-total with a check (Owl stops sending it).',
      'Add a header named X-Name with the value ${collection.meta.name} and mark it with a check (not sent).',
      'Save the API key in Owl.'
    ])
  })

  it('keeps Owl’s meaning of the check: checked is not sent', () => {
    expect(owlCheckWord({ enabled: true })).toBe('unchecked')
    expect(owlCheckWord({ enabled: false })).toBe('checked')
    expect(owlHeaderSteps('k', [{ ...total, enabled: false }], [total])).toContain(
      'Remove the check from X-Total (Owl sends it again).'
    )
    expect(owlHeaderSteps('k', [], [total])).toContain(
      'Add a header named X-Total with the value ${collection.meta.count}, leaving its check empty (sent).'
    )
  })
})
