// @vitest-environment happy-dom
// Component tests of the IP-rule actions over the real core and memory hubs: Edit IP rules with its diff preview (and a hub error that changes nothing), and the bulk change with its dry run and per-key results.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createInventoryBackend, type InventoryBackend } from './inventory-backend'
import { renderApp } from './render-app'
import { createTestClock, passwords } from './vault-test-kit'

let backend: InventoryBackend
let acme: string
let beta: string

beforeEach(async () => {
  backend = await createInventoryBackend()
  // The IP actions call the app's own client, which reads window.api as the preload sets it.
  window.api = backend.api
  await backend.api.invoke('vault:create', { password: passwords.first })
  acme = (await backend.addConnection({ name: 'Acme prod', hubId: 'acme', environment: 'prod' })).id
  beta = (await backend.addConnection({ name: 'Beta dev', hubId: 'beta', environment: 'dev' })).id
  backend.setKeys('acme', [
    { hubKeyId: 'acme-billing', name: 'billing-api', status: 'active', ipRules: ['10.0.0.0/8'] }
  ])
  backend.setKeys('beta', [
    { hubKeyId: 'beta-ci', name: 'ci-deploy', status: 'active', ipRules: null },
    { hubKeyId: 'beta-old', name: 'old-runner', status: 'active', ipRules: ['203.0.113.0/24'] }
  ])
  await backend.sync()
})

afterEach(async () => {
  cleanup()
  delete window.api
  localStorage.clear()
  await backend.close()
})

const grid = () => screen.getByRole('grid', { name: 'Keys' })
const rowNamed = (name: string) => {
  const row = within(grid())
    .getAllByRole('row')
    .find(
      (candidate) =>
        candidate.hasAttribute('data-key-id') &&
        within(candidate).getAllByRole('gridcell')[1]?.textContent === name
    )
  if (!row) throw new Error(`no row named ${name}`)
  return row
}
const liveRules = async (connectionId: string, hubKeyId: string) => {
  const result = (await backend.api.invoke('keys:list-live', { connectionId })) as {
    value: { keys: { hubKeyId: string; ipRules: string[] | null }[] }
  }
  return result.value.keys.find((key) => key.hubKeyId === hubKeyId)?.ipRules
}

const openKeys = async () => {
  const rendered = renderApp(backend, createTestClock(Date.now()))
  await screen.findByRole('heading', { level: 1, name: 'Overview' })
  await waitFor(() => expect(rendered.connections.getState().phase).toBe('ready'))
  fireEvent.click(screen.getByRole('button', { name: /^Keys/ }))
  await screen.findByRole('grid', { name: 'Keys' })
  await waitFor(() => expect(screen.getByTestId('keys-count').textContent).toBe('3 keys'))
  return rendered
}

const editDialogOf = async (name: string) => {
  fireEvent.doubleClick(rowNamed(name))
  const panel = await screen.findByRole('complementary', { name })
  const toolbar = within(panel).getByRole('toolbar', { name: 'Key actions' })
  fireEvent.click(await within(toolbar).findByRole('button', { name: 'Edit IP rules…' }))
  return { panel, dialog: await screen.findByRole('dialog', { name: 'Edit IP rules' }) }
}

describe('Edit IP rules', () => {
  it('previews the diff, then applies it at the hub and in the cache', async () => {
    await openKeys()
    const { dialog } = await editDialogOf('billing-api')
    const first = within(dialog).getByRole('textbox', { name: 'Rule 1' }) as HTMLInputElement
    expect(first.value).toBe('10.0.0.0/8')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add rule' }))
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Rule 2' }), {
      target: { value: '192.0.2.0 255.255.255.0' }
    })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Review changes' }))
    const review = await screen.findByRole('dialog', { name: 'Review the IP rule changes' })
    const changes = within(review).getByRole('region', { name: 'Changes' })
    expect(within(changes).getByText(/\+ 192\.0\.2\.0\/24/)).toBeTruthy()
    expect(within(changes).getByText(/10\.0\.0\.0\/8/).textContent).toMatch(/unchanged/)
    // Nothing reached the hub before Apply.
    expect(await liveRules(acme, 'acme-billing')).toEqual(['10.0.0.0/8'])
    fireEvent.click(within(review).getByRole('button', { name: 'Apply' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(await liveRules(acme, 'acme-billing')).toEqual(['10.0.0.0/8', '192.0.2.0/24'])
    const panel = await screen.findByRole('complementary', { name: 'billing-api' })
    expect(await within(panel).findByText('192.0.2.0/24')).toBeTruthy()
    expect(backend.api.calls.find((call) => call.channel === 'keys:update')?.payload).toMatchObject(
      { connectionId: acme, ips: ['10.0.0.0/8', '192.0.2.0/24'] }
    )
  })

  it('refuses to review a list with an invalid rule', async () => {
    await openKeys()
    const { dialog } = await editDialogOf('billing-api')
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Rule 1' }), {
      target: { value: '10.0.0.256/8' }
    })
    const review = within(dialog).getByRole('button', { name: 'Review changes' })
    expect(review.getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(review)
    expect(screen.queryByRole('dialog', { name: 'Review the IP rule changes' })).toBeNull()
  })

  it('says what the hub answered and changes nothing when the hub refuses', async () => {
    await openKeys()
    const { dialog } = await editDialogOf('billing-api')
    backend.api.override('keys:update', () => ({
      ok: false,
      error: { code: 'HUB_ERROR', message: 'Acme prod refused the change (403 Forbidden).' }
    }))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove rule 1' }))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Review changes' }))
    const review = await screen.findByRole('dialog', { name: 'Review the IP rule changes' })
    expect(within(review).getByText(/− 10\.0\.0\.0\/8/)).toBeTruthy()
    fireEvent.click(within(review).getByRole('button', { name: 'Apply' }))
    const alert = await within(review).findByRole('alert')
    expect(alert.textContent).toBe(
      'Nothing was changed. Acme prod answered: Acme prod refused the change (403 Forbidden).'
    )
    expect(await liveRules(acme, 'acme-billing')).toEqual(['10.0.0.0/8'])
  })
})

describe('Change IP rules for a selection', () => {
  it('dry-runs per key across hubs, then applies with per-key results', async () => {
    await openKeys()
    fireEvent.click(rowNamed('billing-api'))
    fireEvent.click(rowNamed('ci-deploy'), { ctrlKey: true })
    fireEvent.click(rowNamed('old-runner'), { ctrlKey: true })
    fireEvent.click(screen.getByRole('button', { name: 'Change IP rules…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Change IP rules' })
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Add entries' }))
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Rule 1' }), {
      target: { value: '198.51.100.7' }
    })
    // One key fails at its hub; the others still change.
    backend.api.override('keys:update', async (payload) => {
      const request = payload as { keyId: string }
      const plan = backend.api.calls.find((call) => call.channel === 'ipfilter:plan')
      expect(plan).toBeTruthy()
      const rows = (await backend.api.invoke('keys:query', { withTotal: true })) as {
        value: { rows: { id: string; name: string }[] }
      }
      if (rows.value.rows.find((row) => row.id === request.keyId)?.name === 'old-runner') {
        return { ok: false, error: { code: 'HUB_ERROR', message: 'Beta dev is read-only today.' } }
      }
      return backend.core.dispatch('keys:update', payload, { transport: 'test' })
    })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Dry run' }))
    const plan = await within(dialog).findByRole('table', { name: 'Dry run per key' })
    const rowOf = (name: string) => within(plan).getByText(name).closest('tr') as HTMLElement
    expect(rowOf('billing-api').textContent).toMatch(
      /Acme prod.*Will change.*Adds 198\.51\.100\.7\/32\./
    )
    expect(rowOf('ci-deploy').textContent).toMatch(/Beta dev.*Will change.*no IP restriction today/)
    expect(rowOf('old-runner').textContent).toMatch(/Will change/)
    expect(within(dialog).getByRole('status').textContent).toBe('3 keys would change, 0 would not.')
    expect(await liveRules(acme, 'acme-billing')).toEqual(['10.0.0.0/8'])

    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply to 3 keys' }))
    const results = await within(dialog).findByRole('table', { name: 'Results per key' })
    await waitFor(() =>
      expect(within(dialog).getByRole('status').textContent).toBe('2 keys changed, 1 failed.')
    )
    const resultOf = (name: string) => within(results).getByText(name).closest('tr') as HTMLElement
    expect(resultOf('billing-api').textContent).toMatch(/Applied/)
    expect(resultOf('old-runner').textContent).toMatch(/Failed.*Beta dev is read-only today\./)
    expect(await liveRules(acme, 'acme-billing')).toEqual(['10.0.0.0/8', '198.51.100.7/32'])
    expect(await liveRules(beta, 'beta-ci')).toEqual(['198.51.100.7/32'])
    expect(await liveRules(beta, 'beta-old')).toEqual(['203.0.113.0/24'])
  })
})
