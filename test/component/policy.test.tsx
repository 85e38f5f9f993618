// @vitest-environment happy-dom
// Component tests of policy rules over the real core: the rules dialog refuses a bad pattern and saves good rules, the Hygiene panel counts breakers, the key table and panel mark them, and the report dialog lists them.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createInventoryBackend, type InventoryBackend } from './inventory-backend'
import { renderApp } from './render-app'
import { createTestClock, passwords } from './vault-test-kit'

let backend: InventoryBackend

beforeEach(async () => {
  backend = await createInventoryBackend()
  await backend.api.invoke('vault:create', { password: passwords.first })
  await backend.addConnection({ name: 'Acme prod', hubId: 'acme', environment: 'prod' })
  backend.setKeys('acme', [
    { hubKeyId: 'k1', name: 'svc-billing', status: 'active', ipRules: ['10.0.0.0/8'] },
    { hubKeyId: 'k2', name: 'Legacy Key', status: 'active', ipRules: ['10.1.0.0/16'] },
    { hubKeyId: 'k3', name: 'svc-open', status: 'active', ipRules: null }
  ])
  await backend.sync()
})

afterEach(async () => {
  cleanup()
  localStorage.clear()
  await backend.close()
})

const openHygiene = async () => {
  const rendered = renderApp(backend, createTestClock(Date.now()))
  await screen.findByRole('heading', { level: 1, name: 'Overview' })
  await waitFor(() => expect(rendered.connections.getState().phase).toBe('ready'))
  fireEvent.click(screen.getByRole('button', { name: /^Hygiene/ }))
  await screen.findByRole('heading', { name: 'Policy' })
  return rendered
}

const prefsSets = () => backend.api.calls.filter((call) => call.channel === 'prefs:set')

describe('policy rules', () => {
  it('refuses a pattern that is not a regular expression and saves nothing', async () => {
    await openHygiene()
    fireEvent.click(await screen.findByRole('button', { name: 'Set up rules…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Policy rules' })
    fireEvent.change(within(dialog).getByLabelText(/Naming pattern/), {
      target: { value: 'svc-(' }
    })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save rules' }))
    expect(await within(dialog).findByText(/not a valid regular expression/)).toBeTruthy()
    expect(prefsSets()).toHaveLength(0)
  })

  it('saves rules, counts the keys that break them, and marks them in the table, the panel and the report', async () => {
    const rendered = await openHygiene()
    fireEvent.click(await screen.findByRole('button', { name: 'Set up rules…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Policy rules' })
    fireEvent.change(within(dialog).getByLabelText(/Naming pattern/), {
      target: { value: 'svc-[a-z]+' }
    })
    fireEvent.click(within(dialog).getByLabelText(/IP restriction required on production/))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save rules' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(prefsSets()).toHaveLength(1)

    // Legacy Key breaks the naming rule; svc-open has no IP restriction on production.
    const panel = screen.getByRole('region', { name: 'Policy' })
    await within(panel).findByText('2 of 3 keys break a rule')
    const counts = within(panel)
      .getAllByRole('row')
      .map((row) => row.textContent)
    expect(counts).toContain('All connectionsNames match /svc-[a-z]+/1')
    expect(counts).toContain('All connectionsKeys on production are IP-restricted1')
    const listed = within(panel).getByRole('list', { name: 'Keys breaking a rule' })
    expect(
      within(listed)
        .getAllByRole('button')
        .map((button) => button.textContent)
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Legacy Key'),
        expect.stringContaining('svc-open')
      ])
    )

    fireEvent.click(within(panel).getByRole('button', { name: 'Report…' }))
    const report = await screen.findByRole('dialog', { name: 'Policy report' })
    expect(within(report).getByText(/does not match the naming pattern/)).toBeTruthy()
    expect(within(report).getByText(/^On production/)).toBeTruthy()
    fireEvent.click(within(report).getByRole('button', { name: 'Close' }))

    // From the list to the key: its panel says which rule it breaks; the table marks it.
    fireEvent.click(within(listed).getByRole('button', { name: /svc-open/ }))
    const detail = await screen.findByRole('complementary', { name: 'svc-open' })
    expect(await within(detail).findByText('Breaks a policy rule')).toBeTruthy()
    const grid = screen.getByRole('grid', { name: 'Keys' })
    await waitFor(() =>
      expect(within(grid).getAllByLabelText(/^Breaks a policy rule/)).toHaveLength(2)
    )
    expect(rendered.policy.getState().policies).toHaveLength(1)
  })
})
