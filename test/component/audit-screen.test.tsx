// @vitest-environment happy-dom
// Component tests of the Audit log screen and a key's Activity over the real core: entries from real calls, filters, the chain line, CSV export.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AuditQueryInput } from '../../src-main/contract/audit.contract'
import { createInventoryBackend, type InventoryBackend } from './inventory-backend'
import { renderApp, type RenderedApp } from './render-app'
import { createTestClock, passwords } from './vault-test-kit'

let backend: InventoryBackend
let acmeId: string
let billingId: string

beforeEach(async () => {
  backend = await createInventoryBackend()
  await backend.api.invoke('vault:create', { password: passwords.first })
  acmeId = (await backend.addConnection({ name: 'Acme prod', hubId: 'acme', environment: 'prod' }))
    .id
  await backend.addConnection({ name: 'Lab dev', hubId: 'lab', environment: 'dev' })
  backend.setKeys('acme', [
    { hubKeyId: 'acme-billing', name: 'billing-api', status: 'active' },
    { hubKeyId: 'acme-ci', name: 'ci-deploy', status: 'active' }
  ])
  backend.setKeys('lab', [{ hubKeyId: 'lab-tester', name: 'lab-tester', status: 'active' }])
  await backend.sync()
  // A lock, a wrong password and the right one: a failed entry among the successes.
  await backend.api.invoke('vault:lock', {})
  await backend.api.invoke('vault:unlock', { password: 'not the password at all' })
  await backend.api.invoke('vault:unlock', { password: passwords.first })
  const page = (await backend.api.invoke('keys:query', { search: 'billing-api' })) as {
    ok: boolean
    value: { rows: { id: string }[] }
  }
  billingId = page.value.rows[0]?.id ?? 'missing'
  // Hubkeys holds no value of this key, so the verify is refused: a failed entry that names the key.
  const verified = (await backend.api.invoke('keys:verify', {
    connectionId: acmeId,
    keyId: billingId
  })) as { ok: boolean; error?: { code: string } }
  expect(verified.error?.code).toBe('NOT_FOUND')
})

afterEach(async () => {
  cleanup()
  vi.restoreAllMocks()
  await backend.close()
})

const auditQueries = (): AuditQueryInput[] =>
  backend.api.calls
    .filter((call) => call.channel === 'audit:list')
    .map((call) => call.payload as AuditQueryInput)

const table = () => screen.getByRole('table', { name: 'Audit entries, newest first' })
const rows = () => within(table()).getAllByRole('row').slice(1)
const actionsShown = () => rows().map((row) => within(row).getAllByRole('cell')[1]?.textContent)

const openAudit = async (): Promise<RenderedApp> => {
  const rendered = renderApp(backend, createTestClock(Date.now()))
  await screen.findByRole('heading', { level: 1, name: 'Overview' })
  await waitFor(() => expect(rendered.connections.getState().phase).toBe('ready'))
  fireEvent.click(screen.getByRole('button', { name: /^Audit log/ }))
  await screen.findByRole('heading', { level: 1, name: 'Audit log' })
  await screen.findByRole('table', { name: 'Audit entries, newest first' })
  return rendered
}

describe('audit log screen', () => {
  it('lists the entries newest first with their connection, key and caller, and says the chain is intact', async () => {
    await openAudit()
    const shown = actionsShown()
    expect(shown[0]).toBe('Key verified')
    expect(shown).toEqual(
      expect.arrayContaining(['Unlock', 'Unlock failed', 'Lock', 'Sync', 'Vault created'])
    )
    expect(shown.filter((action) => action === 'Connection added')).toHaveLength(2)
    const verified = rows()[0] as HTMLElement
    expect(within(verified).getByText('Acme prod')).toBeTruthy()
    expect(within(verified).getByText(billingId)).toBeTruthy()
    expect(within(verified).getByText(/keys:verify/)).toBeTruthy()
    expect(within(verified).getByText('NOT_FOUND')).toBeTruthy()
    const unlocked = rows().find(
      (row) => within(row).getAllByRole('cell')[1]?.textContent === 'Unlock'
    )
    expect(unlocked && within(unlocked).getByText('OK')).toBeTruthy()
    await waitFor(() =>
      expect(screen.getByTestId('audit-chain').textContent).toMatch(
        new RegExp(`Chain intact: ${rows().length} entries`)
      )
    )
  })

  it('filters by action, outcome, connection and text, and clears the filters', async () => {
    await openAudit()
    const all = rows().length
    fireEvent.change(screen.getByRole('combobox', { name: 'Action' }), {
      target: { value: 'sync' }
    })
    await waitFor(() => expect(actionsShown()).toEqual(['Sync']))
    expect(auditQueries().at(-1)).toMatchObject({ actions: ['sync'] })

    fireEvent.change(screen.getByRole('combobox', { name: 'Action' }), { target: { value: '' } })
    fireEvent.change(screen.getByRole('combobox', { name: 'Outcome' }), {
      target: { value: 'error' }
    })
    await waitFor(() => expect(actionsShown()).toEqual(['Key verified', 'Unlock failed']))
    expect(auditQueries().at(-1)).toMatchObject({ outcome: 'error' })

    fireEvent.change(screen.getByRole('combobox', { name: 'Outcome' }), { target: { value: '' } })
    fireEvent.change(screen.getByRole('combobox', { name: 'Connection' }), {
      target: { value: acmeId }
    })
    await waitFor(() => expect(actionsShown()[0]).toBe('Key verified'))
    expect(actionsShown()).not.toContain('Unlock')
    expect(auditQueries().at(-1)).toMatchObject({ connectionId: acmeId })

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(rows()).toHaveLength(all))
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search the audit log' }), {
      target: { value: 'no such entry anywhere' }
    })
    expect(await screen.findByText('No entry matches these filters')).toBeTruthy()
  })

  it('exports the entries shown as CSV, one line each, ISO times and connection names', async () => {
    const saved: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push(blob as Blob)
      return 'blob:audit-test'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    await openAudit()
    fireEvent.change(screen.getByRole('combobox', { name: 'Connection' }), {
      target: { value: acmeId }
    })
    await waitFor(() => expect(actionsShown()).not.toContain('Unlock'))
    const shown = rows().length
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }))
    expect(saved).toHaveLength(1)
    const csv = await (saved[0] as Blob).text()
    const lines = csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      'seq,time,action,outcome,actor,channel,connection_id,connection_name,key_name,key_id,hub_key_id,fingerprint,detail'
    )
    expect(lines).toHaveLength(shown + 1)
    expect(lines[1]).toMatch(
      new RegExp(
        `^\\d+,\\d{4}-\\d\\d-\\d\\dT[^,]+Z,verify,NOT_FOUND,test,keys:verify,${acmeId},Acme prod,`
      )
    )
    expect(lines.slice(1).every((line) => line.includes(acmeId))).toBe(true)
    expect(csv).not.toContain(passwords.first)
  })
})

describe('key activity', () => {
  it("lists a key's last entries in its detail panel and opens the Audit log filtered to it", async () => {
    const rendered = renderApp(backend, createTestClock(Date.now()))
    await screen.findByRole('heading', { level: 1, name: 'Overview' })
    fireEvent.click(screen.getByRole('button', { name: /^Keys/ }))
    const grid = await screen.findByRole('grid', { name: 'Keys' })
    const billing = await within(grid).findByText('billing-api')
    fireEvent.doubleClick(billing)
    const activity = await screen.findByRole('region', { name: 'Key details' })
    const list = await within(activity).findByRole('list', { name: 'Activity, newest first' })
    expect(within(list).getByText('Key verified · NOT_FOUND')).toBeTruthy()
    const keyId = rendered.keys.getState().detail?.id
    expect(keyId).toBe(billingId)

    fireEvent.click(within(activity).getByRole('button', { name: 'Show all in Audit log' }))
    await screen.findByRole('heading', { level: 1, name: 'Audit log' })
    expect((screen.getByRole('textbox', { name: 'Key' }) as HTMLInputElement).value).toBe(keyId)
    await waitFor(() => expect(actionsShown()).toEqual(['Key verified']))
    expect(auditQueries().at(-1)).toMatchObject({ key: keyId })
    act(() => rendered.app.getState().go('overview'))
  })
})
