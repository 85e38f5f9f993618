// @vitest-environment happy-dom
// Component tests of the Data Hub header editor and its dialog: placeholder completions by keyboard and mouse, invalid names, CR/LF and unknown placeholders, Owl's not-sent check, Apply with Owl's steps, and copying to other keys with per-key results.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Capabilities, HeaderRule } from '../../src-main/contract/hubs.contract'
import { keyRowSchema, type KeyDetail } from '../../src-main/contract/inventory.contract'
import type { Client } from '../../src-renderer/src/api/client'
import { EditHeadersDialog } from '../../src-renderer/src/features/header-editor/EditHeadersDialog'
import { HeaderEditor } from '../../src-renderer/src/features/header-editor/HeaderEditor'
import {
  rowsFromHeaders,
  type HeaderRow
} from '../../src-renderer/src/features/header-editor/header-rows'

afterEach(() => cleanup())

function Harness({
  initial,
  onRows
}: {
  initial: HeaderRule[]
  onRows?: (rows: HeaderRow[]) => void
}) {
  const [rows, setRows] = useState(() => rowsFromHeaders(initial))
  return (
    <HeaderEditor
      rows={rows}
      onChange={(next) => {
        setRows(next)
        onRows?.(next)
      }}
    />
  )
}

const valueBox = (index = 0) => screen.getAllByRole('combobox', { name: 'Value' })[index]!
const nameBox = (index = 0) => screen.getAllByRole('textbox', { name: 'Name' })[index]!

/** The text of what `aria-describedby` points at. */
const description = (element: HTMLElement) =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ')

const type = (input: HTMLElement, value: string) =>
  fireEvent.change(input, { target: { value, selectionStart: value.length } })

describe('placeholder completions', () => {
  it('opens a listbox of the four placeholders after ${ and picks one with the arrows and Enter', () => {
    render(<Harness initial={[{ name: 'X-Total', value: '', enabled: true }]} />)
    const input = valueBox()
    expect(input.getAttribute('aria-expanded')).toBe('false')
    type(input, '${')
    expect(input.getAttribute('aria-expanded')).toBe('true')
    const list = screen.getByRole('listbox', { name: 'Owl placeholders' })
    expect(
      within(list)
        .getAllByRole('option')
        .map((option) => option.textContent)
    ).toEqual([
      '${collection.meta.count}records in the export',
      '${collection.meta.name}collection name',
      '${collection.meta.limit}records asked for',
      '${collection.meta.offset}first record asked for'
    ])
    const first = within(list).getAllByRole('option')[0]!
    expect(input.getAttribute('aria-activedescendant')).toBe(first.id)
    fireEvent.keyDown(input, { key: 'ArrowDown' })
    const second = within(list).getAllByRole('option')[1]!
    expect(second.getAttribute('aria-selected')).toBe('true')
    expect(input.getAttribute('aria-activedescendant')).toBe(second.id)
    fireEvent.keyDown(input, { key: 'Enter' })
    expect((input as HTMLInputElement).value).toBe('${collection.meta.name}')
    expect(input.getAttribute('aria-expanded')).toBe('false')
  })

  it('narrows the options as the placeholder is typed, and a click picks one', () => {
    render(<Harness initial={[{ name: 'X-Limit', value: '', enabled: true }]} />)
    type(valueBox(), '${collection.meta.l')
    const options = screen.getAllByRole('option')
    expect(options).toHaveLength(1)
    fireEvent.click(options[0]!)
    expect((valueBox() as HTMLInputElement).value).toBe('${collection.meta.limit}')
  })

  it('closes the list on Escape without letting the Escape reach the dialog', () => {
    const outer = vi.fn()
    render(
      <div onKeyDown={outer}>
        <Harness initial={[{ name: 'X-A', value: '', enabled: true }]} />
      </div>
    )
    type(valueBox(), '${')
    fireEvent.keyDown(valueBox(), { key: 'Escape' })
    expect(valueBox().getAttribute('aria-expanded')).toBe('false')
    expect(outer).not.toHaveBeenCalled()
  })
})

describe('refusals', () => {
  it('marks a name that is not an HTTP token once the field is left, and names the character', () => {
    render(<Harness initial={[{ name: 'X-A', value: 'x', enabled: true }]} />)
    type(nameBox(), 'X Total')
    // Not while typing: only after leaving the field.
    expect(nameBox().getAttribute('aria-invalid')).toBeNull()
    fireEvent.blur(nameBox())
    expect(nameBox().getAttribute('aria-invalid')).toBe('true')
    expect(description(nameBox())).toMatch(/not a header name: it holds a space/)
    type(nameBox(), 'X-Total')
    expect(nameBox().getAttribute('aria-invalid')).toBeNull()
  })

  it('refuses a pasted CR or LF instead of letting the input drop it silently', () => {
    render(<Harness initial={[{ name: 'X-A', value: '', enabled: true }]} />)
    fireEvent.paste(valueBox(), { clipboardData: { getData: () => 'a\r\nX-Evil: 1' } })
    expect(valueBox().getAttribute('aria-invalid')).toBe('true')
    expect(description(valueBox())).toMatch(/line break \(CR or LF\)/)
  })

  it('holds back the error of a half-typed placeholder while the list is open', () => {
    render(<Harness initial={[{ name: 'X-A', value: 'x', enabled: true }]} />)
    fireEvent.blur(valueBox())
    type(valueBox(), '${collection')
    expect(valueBox().getAttribute('aria-expanded')).toBe('true')
    expect(valueBox().getAttribute('aria-invalid')).toBeNull()
    fireEvent.keyDown(valueBox(), { key: 'Escape' })
    expect(description(valueBox())).toMatch(/\$\{collection is an unfinished placeholder/)
  })

  it('refuses an unknown placeholder and names it', () => {
    render(<Harness initial={[{ name: 'X-A', value: '', enabled: true }]} />)
    type(valueBox(), '${collection.meta.total}')
    fireEvent.blur(valueBox())
    expect(description(valueBox())).toMatch(
      /\$\{collection\.meta\.total\} is not a placeholder Owl fills in/
    )
  })

  it('refuses the same name twice, whatever its case', () => {
    render(
      <Harness
        initial={[
          { name: 'X-A', value: '1', enabled: true },
          { name: 'x-a', value: '2', enabled: true }
        ]}
      />
    )
    fireEvent.blur(nameBox(1))
    expect(description(nameBox(1))).toMatch('x-a is listed twice.')
    expect(nameBox(0).getAttribute('aria-invalid')).toBeNull()
  })
})

describe('Owl’s check', () => {
  it('is ticked for a header that is not sent, and ticking it stops the header being sent', () => {
    const seen = vi.fn()
    render(
      <Harness
        initial={[
          { name: 'X-On', value: '1', enabled: true },
          { name: 'X-Off', value: '2', enabled: false }
        ]}
        onRows={seen}
      />
    )
    const on = within(screen.getByRole('group', { name: 'Header 1: X-On' })).getByRole('checkbox', {
      name: 'Not sent'
    })
    const off = within(screen.getByRole('group', { name: 'Header 2: X-Off' })).getByRole(
      'checkbox',
      { name: 'Not sent' }
    )
    expect((on as HTMLInputElement).checked).toBe(false)
    expect((off as HTMLInputElement).checked).toBe(true)
    expect(screen.getByText(/a header marked with a check is not sent/)).toBeTruthy()
    fireEvent.click(on)
    expect(seen).toHaveBeenLastCalledWith([
      expect.objectContaining({ name: 'X-On', enabled: false }),
      expect.objectContaining({ name: 'X-Off', enabled: false })
    ])
  })
})

const datahub: Capabilities = {
  list: 'local',
  create: 'local',
  update: { name: true, ips: true, headers: true, role: false, status: true, expiry: true },
  updateTarget: 'local',
  delete: 'local',
  verify: true,
  usage: 'none',
  rotation: 'manual',
  secretReturned: 'never',
  paging: 'none',
  roles: false,
  expiry: 'per-key',
  ipList: { emptyList: 'allows-all', families: [4] }
}

const detail = (id: string, name: string, headers: HeaderRule[]): KeyDetail => ({
  id,
  connectionId: 'owl',
  connectionName: 'Owl products',
  kind: 'datahub',
  environment: 'prod',
  colour: '#3b82f6',
  tenant: '',
  hubKeyId: `sha256:${id}`,
  name,
  status: 'active',
  role: null,
  roleName: null,
  createdAt: null,
  expiresAt: null,
  lastUsedAt: null,
  usage7d: null,
  usage30d: null,
  owner: null,
  ownerName: null,
  tags: [],
  ipRuleCount: null,
  allowsAll: true,
  hasNotes: false,
  hasSecret: true,
  syncedAt: 0,
  scopes: [],
  ipRules: null,
  headers,
  notes: null,
  fingerprint: null,
  oddities: [],
  missingSince: null,
  deletedAt: null
})

const total: HeaderRule = { name: 'X-Total', value: '${collection.meta.count}', enabled: true }

const pickRow = (key: KeyDetail) =>
  Object.fromEntries(
    Object.keys(keyRowSchema.shape).map((field) => [field, key[field as keyof KeyDetail]])
  )

/** A client that answers the few channels the dialog calls, and records each call. */
const fakeClient = (keys: KeyDetail[], refuse: ReadonlySet<string> = new Set()) => {
  const calls: Array<{ channel: string; payload: unknown }> = []
  const client = {
    async call(channel: string, payload: unknown) {
      calls.push({ channel, payload })
      if (channel === 'keys:query') {
        // A row is the detail without its detail-only fields.
        const rows = keys.map((key) => keyRowSchema.parse(pickRow(key)))
        return { ok: true, value: { rows, nextCursor: null, at: 0 } }
      }
      if (channel === 'keys:get-many') {
        const ids = (payload as { ids: string[] }).ids
        return { ok: true, value: keys.filter((key) => ids.includes(key.id)) }
      }
      if (channel === 'keys:update') {
        const { keyId } = payload as { keyId: string }
        if (refuse.has(keyId)) {
          return { ok: false, error: { code: 'BAD_REQUEST', message: 'the record is locked' } }
        }
        return { ok: true, value: {} }
      }
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: channel } }
    },
    on: () => () => undefined
  } as unknown as Client
  return { client, calls }
}

const renderDialog = (client: Client, key: KeyDetail, onSaved = vi.fn()) =>
  render(
    <EditHeadersDialog
      client={client}
      keyDetail={key}
      capabilities={datahub}
      kinds={[{ kind: 'datahub', capabilities: datahub }]}
      online
      onSaved={onSaved}
      onClose={() => undefined}
    />
  )

describe('the Edit headers dialog', () => {
  it('previews the change, lists the steps for Owl’s console and applies through keys:update', async () => {
    const key = detail('k1', 'export-a', [total])
    const { client, calls } = fakeClient([key])
    const onSaved = vi.fn()
    renderDialog(client, key, onSaved)
    expect(screen.getByText('No changes yet.')).toBeTruthy()
    const apply = screen.getByRole('button', { name: 'Apply' })
    expect(apply.getAttribute('aria-disabled')).toBe('true')

    fireEvent.click(screen.getByRole('button', { name: 'Add header' }))
    type(nameBox(1), 'X-Name')
    type(valueBox(1), '${collection.meta.name}')
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Header 1: X-Total' })).getByRole('checkbox')
    )
    const diff = screen.getByRole('list', { name: 'Header changes' })
    expect(
      within(diff)
        .getAllByRole('listitem')
        .map((item) => item.textContent)
    ).toEqual([
      'Change X-Total: ${collection.meta.count} → X-Total: ${collection.meta.count} (not sent)',
      'Add X-Name: ${collection.meta.name}'
    ])
    const steps = screen.getByRole('region', { name: 'Changes for Owl’s console' })
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map((item) => item.textContent)
    ).toEqual([
      'In Owl, open the API key export-a and go to its response headers.',
      'Mark X-Total with a check (Owl stops sending it).',
      'Add a header named X-Name with the value ${collection.meta.name}, leaving its check empty (sent).',
      'Save the API key in Owl.'
    ])

    fireEvent.click(apply)
    expect((await screen.findByRole('status')).textContent).toMatch(/Saved in Hubkeys’ record/)
    expect(calls.filter((call) => call.channel === 'keys:update')).toEqual([
      {
        channel: 'keys:update',
        payload: {
          connectionId: 'owl',
          keyId: 'k1',
          headers: [
            { ...total, enabled: false },
            { name: 'X-Name', value: '${collection.meta.name}', enabled: true }
          ]
        }
      }
    ])
    expect(onSaved).toHaveBeenCalledOnce()
    // The steps stay to be followed after the record changed.
    expect(screen.getByRole('region', { name: 'Changes for Owl’s console' })).toBeTruthy()
  })

  it('does not apply while a field is wrong', () => {
    const key = detail('k1', 'export-a', [total])
    const { client, calls } = fakeClient([key])
    renderDialog(client, key)
    type(valueBox(0), 'a ${collection.meta.count}')
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }))
    expect(screen.getByText('Fix the marked fields to see the changes.')).toBeTruthy()
    expect(valueBox(0).getAttribute('aria-invalid')).toBe('true')
    expect(calls.some((call) => call.channel === 'keys:update')).toBe(false)
  })

  it('copies the set to other keys with a preview per key and a result per key', async () => {
    const key = detail('k1', 'export-a', [total])
    const same = detail('k2', 'export-b', [total])
    const differs = detail('k3', 'export-c', [{ name: 'X-Old', value: 'x', enabled: true }])
    const refused = detail('k4', 'export-d', [])
    const { client, calls } = fakeClient([key, same, differs, refused], new Set(['k4']))
    const onSaved = vi.fn()
    renderDialog(client, key, onSaved)
    fireEvent.click(screen.getByRole('button', { name: 'Copy to other keys…' }))

    const targets = await screen.findByRole('list', { name: 'Keys to copy to' })
    // The key being edited is not offered.
    expect(within(targets).getAllByRole('checkbox')).toHaveLength(3)
    for (const name of [/export-b/, /export-c/, /export-d/]) {
      fireEvent.click(within(targets).getByRole('checkbox', { name }))
    }
    fireEvent.click(screen.getByRole('button', { name: 'Preview for 3 keys' }))
    const perKey = await screen.findByRole('list', { name: 'Per key' })
    expect(perKey.textContent).toMatch('Already has these headers; nothing to change.')
    expect(
      within(perKey).getByRole('region', { name: 'Changes for Owl’s console: export-c' })
        .textContent
    ).toMatch('Remove the header X-Old.')

    fireEvent.click(screen.getByRole('button', { name: 'Copy to 2 keys' }))
    const results = await screen.findByRole('list', { name: 'Results' })
    const items = within(results)
      .getAllByRole('listitem')
      .filter((item) => item.parentElement === results)
    expect(items.map((item) => item.querySelector('p')?.textContent)).toEqual([
      'Already has these headers; nothing to change.',
      'Copied (2 changes)',
      'Not copied: the record is locked'
    ])
    expect(
      calls.filter((call) => call.channel === 'keys:update').map((call) => call.payload)
    ).toEqual([
      { connectionId: 'owl', keyId: 'k3', headers: [total] },
      { connectionId: 'owl', keyId: 'k4', headers: [total] }
    ])
    expect(onSaved).toHaveBeenCalledOnce()
  })
})
