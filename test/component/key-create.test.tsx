// @vitest-environment happy-dom
// Component tests of the new-key dialog: the fields each hub kind's declared capabilities offer, validation with the contract's schemas, the hub's refusal, one create per click, and the value shown once.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ChannelName } from '../../src-main/contract/channels'
import type { Connection, HubKind } from '../../src-main/contract/hubs.contract'
import type { Result } from '../../src-main/contract/result'
import type { Client } from '../../src-renderer/src/api/client'
import { AppStoreProvider, createAppStore } from '../../src-renderer/src/app/app.store'
import {
  ConnectionsStoreProvider,
  createConnectionsStore,
  type HubKindInfo
} from '../../src-renderer/src/features/connections/connections.store'
import {
  createKeyCreateStore,
  KeyCreateStoreProvider,
  type KeyCreateStore
} from '../../src-renderer/src/features/key-create/key-create.store'
import { KeyCreateHost } from '../../src-renderer/src/features/key-create/KeyCreateHost'
import { createKeysStore, KeysStoreProvider } from '../../src-renderer/src/features/keys/keys.store'
import {
  createSettingsStore,
  SettingsStoreProvider
} from '../../src-renderer/src/features/settings/settings.store'
import { createCoreApi } from '../helpers/fake-api'

/** Every kind's capabilities as the real core declares them (hubs:kinds). */
let kinds: HubKindInfo[] = []

beforeAll(async () => {
  const core = await createCoreApi()
  const answer = (await core.api.invoke('hubs:kinds', {})) as Result<HubKindInfo[]>
  await core.close()
  if (!answer.ok) throw new Error(answer.error.message)
  kinds = answer.value
})

const connectionOf = (kind: HubKind): Connection => ({
  id: `conn-${kind}`,
  name: `My ${kind}`,
  kind,
  baseUrl: 'https://hub.example.test',
  settings: {},
  tls: { allowInvalidCertificate: false },
  environment: 'dev',
  colour: '#64748b',
  hasCredential: true,
  createdAt: 0,
  updatedAt: 0
})

const createdView = (name: string) => ({
  hubKeyId: 'k-1',
  tenant: '',
  name,
  status: 'active',
  role: null,
  scopes: [],
  ipRules: null,
  headers: [],
  createdAt: 1,
  expiresAt: null,
  lastUsedAt: null,
  owner: null,
  fingerprint: 'sha256:0123456789ab',
  oddities: [],
  localId: 'local-1'
})

type Answer = (payload: Record<string, unknown>) => Result<unknown> | Promise<Result<unknown>>

/** A client whose answers the test sets per channel; every call is kept. */
const stubClient = (answers: Partial<Record<ChannelName, Answer>>) => {
  const calls: { channel: ChannelName; payload: Record<string, unknown> }[] = []
  const client: Client = {
    call: (async (channel: ChannelName, payload: Record<string, unknown>) => {
      calls.push({ channel, payload })
      const answer = answers[channel]
      if (answer) return answer(payload)
      if (channel === 'keys:query')
        return { ok: true, value: { rows: [], total: 0, offset: 0, queryId: 0 } }
      return { ok: false, error: { code: 'UNAVAILABLE', message: `no answer for ${channel}` } }
    }) as Client['call'],
    on: () => () => undefined
  }
  return { client, calls, of: (channel: ChannelName) => calls.filter((c) => c.channel === channel) }
}

const show = (kind: HubKind, stub: ReturnType<typeof stubClient>, mode?: 'record') => {
  const connections = createConnectionsStore(stub.client)
  connections.setState({
    connections: [connectionOf(kind)],
    kinds,
    online: true
  })
  const keyCreate: KeyCreateStore = createKeyCreateStore(stub.client)
  render(
    <AppStoreProvider value={createAppStore(stub.client)}>
      <SettingsStoreProvider value={createSettingsStore(stub.client)}>
        <ConnectionsStoreProvider value={connections}>
          <KeysStoreProvider value={createKeysStore(stub.client)}>
            <KeyCreateStoreProvider value={keyCreate}>
              <button type="button">New key</button>
              <KeyCreateHost />
            </KeyCreateStoreProvider>
          </KeysStoreProvider>
        </ConnectionsStoreProvider>
      </SettingsStoreProvider>
    </AppStoreProvider>
  )
  screen.getByRole('button', { name: 'New key' }).focus()
  act(() => keyCreate.getState().open(`conn-${kind}`, mode ?? 'create'))
  return { keyCreate, dialog: () => screen.getByRole('dialog') }
}

const type = (label: string | RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } })

const ok = (value: unknown): Result<unknown> => ({ ok: true, value })

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('new key on a Cycle hub (roles, IPs, the hub makes the value)', () => {
  const roles = ok({
    roles: [
      { id: 'r-owner', name: 'Owner', allCapabilities: true, capabilities: [] },
      {
        id: 'r-ci',
        name: 'CI deployer',
        allCapabilities: false,
        capabilities: ['containers-deploy', 'containers-view']
      }
    ]
  })

  it('lists the roles with what each grants and offers no field the hub lacks', async () => {
    const stub = stubClient({ 'hubs:roles': () => roles })
    const { dialog } = show('cycle', stub)
    expect(within(dialog()).getByRole('heading', { name: 'New key on My cycle' })).toBeTruthy()
    const owner = await screen.findByRole('radio', { name: /Owner/ })
    expect(owner.getAttribute('aria-describedby')).toBeTruthy()
    expect(screen.getByText('Every capability')).toBeTruthy()
    expect(screen.getByText('containers-deploy, containers-view')).toBeTruthy()
    expect(stub.of('hubs:roles')).toEqual([
      { channel: 'hubs:roles', payload: { connectionId: 'conn-cycle' } }
    ])
    expect(screen.getByRole('group', { name: 'IP addresses' })).toBeTruthy()
    expect(screen.queryByLabelText('Value')).toBeNull()
    expect(screen.queryByRole('radiogroup', { name: 'Status' })).toBeNull()
    expect(screen.queryByLabelText(/Expires on/)).toBeNull()
    expect(screen.queryByRole('group', { name: 'Access type' })).toBeNull()
    expect(screen.queryByRole('radiogroup', { name: 'What to do' })).toBeNull()
  })

  it('asks for a name and a role, creates once however often Create is clicked, and shows the value once', async () => {
    let finish: (value: Result<unknown>) => void = () => undefined
    const stub = stubClient({
      'hubs:roles': () => roles,
      'keys:create': () =>
        new Promise((resolve) => {
          finish = resolve
        }),
      // Web mode: the answer carries the text for the page's one clipboard write.
      'keys:copy': () =>
        ok({ text: 'cyc-secret-value', clearAfterSeconds: 30, clearsAt: Date.now() + 30_000 })
    })
    const writeText = vi.fn(async () => undefined)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    show('cycle', stub)
    await screen.findByRole('radio', { name: /CI deployer/ })
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }))
    expect(await screen.findByText('Give the key a name.')).toBeTruthy()
    expect(screen.getByText('Pick a role for the key.')).toBeTruthy()
    expect(stub.of('keys:create')).toHaveLength(0)

    type('Name', 'ci-deploy')
    fireEvent.click(screen.getByRole('radio', { name: /CI deployer/ }))
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Only listed addresses may use this key' })
    )
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }))
    type('Rule 1', '203.0.113.7')
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }))
    type('Rule 2', '198.51.100.0/24')
    const create = screen.getByRole('button', { name: 'Create key' })
    fireEvent.click(create)
    fireEvent.click(create)
    // Enter in a field submits the form straight, past the busy button: the in-flight guard holds.
    fireEvent.submit(document.getElementById(create.getAttribute('form')!)!)
    await waitFor(() => expect(stub.of('keys:create')).toHaveLength(1))
    expect(stub.of('keys:create')[0]!.payload).toEqual({
      connectionId: 'conn-cycle',
      name: 'ci-deploy',
      role: 'r-ci',
      ips: ['203.0.113.7/32', '198.51.100.0/24'],
      showSecret: true
    })
    await act(async () => finish(ok({ key: createdView('ci-deploy'), secret: 'cyc-secret-value' })))
    expect(stub.of('keys:create')).toHaveLength(1)

    expect(await screen.findByRole('heading', { name: 'Key created' })).toBeTruthy()
    expect(screen.getByLabelText("The new key's value").textContent).toBe('cyc-secret-value')
    expect(
      screen.getByText("Stored in Hubkeys' vault; you can copy it later from the key's panel.")
    ).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('cyc-secret-value'))
    expect(await screen.findByText('Copied to the clipboard.')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Done' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(screen.queryByText('cyc-secret-value')).toBeNull()
    // Focus goes back where the dialog was opened from.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New key' }))
  })

  it('shows what the hub answered when it refuses, and lets a role id be typed when roles cannot be read', async () => {
    const stub = stubClient({
      'hubs:roles': () => ({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Cycle answered 403: missing hubs-roles-manage.' }
      }),
      'keys:create': () => ({
        ok: false,
        error: { code: 'CONFLICT', message: 'Cycle answered 409: a key with this name exists.' }
      })
    })
    show('cycle', stub)
    expect(await screen.findByText(/missing hubs-roles-manage/)).toBeTruthy()
    type('Name', 'dup')
    type('Role id', '0123456789abcdef01234567')
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }))
    expect(
      await screen.findByText(
        'The key was not created: Cycle answered 409: a key with this name exists.'
      )
    ).toBeTruthy()
    expect(stub.of('keys:create')[0]!.payload.role).toBe('0123456789abcdef01234567')
  })
})

describe('the other kinds, each from its capabilities', () => {
  it('DCT: an account name only, the key generated by the hub; roles are never asked for', async () => {
    const stub = stubClient({
      'keys:create': () => ok({ key: createdView('svc-reports'), secret: 'acct.value' })
    })
    show('dct', stub)
    expect(screen.queryByRole('group', { name: 'Role' })).toBeNull()
    expect(screen.queryByRole('group', { name: 'IP addresses' })).toBeNull()
    expect(screen.getByText(/My dct makes the value/)).toBeTruthy()
    type('Name', 'svc-reports')
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }))
    expect(await screen.findByLabelText("The new key's value")).toBeTruthy()
    expect(stub.of('keys:create')[0]!.payload).toEqual({
      connectionId: 'conn-dct',
      name: 'svc-reports',
      showSecret: true
    })
    expect(stub.of('hubs:roles')).toHaveLength(0)
  })

  it('Optidash: a name already in the cache is refused before the hub is asked', async () => {
    const stub = stubClient({
      'keys:query': () => ok({ rows: [{ name: 'svc-upload' }, { name: 'svc-upload-2' }], total: 2 })
    })
    show('optidash', stub)
    expect(screen.getByText('Unique on My optidash.')).toBeTruthy()
    type('Name', 'svc-upload')
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }))
    expect(
      await screen.findByText(
        'My optidash already has a key named “svc-upload”; names are unique there.'
      )
    ).toBeTruthy()
    expect(stub.of('keys:query')[0]!.payload).toMatchObject({
      search: 'svc-upload',
      filter: { connectionIds: ['conn-optidash'] }
    })
    expect(stub.of('keys:create')).toHaveLength(0)
  })

  it('Optidash: a key made before Hubkeys is recorded with its pasted value', async () => {
    const stub = stubClient({ 'keys:record': () => ok(createdView('old-key')) })
    show('optidash', stub, 'record')
    expect(screen.getByRole('heading', { name: 'Record a key on My optidash' })).toBeTruthy()
    type('Name', 'old-key')
    fireEvent.change(screen.getByRole('textbox', { name: 'Value' }), {
      target: { value: 'pasted-optidash-key' }
    })
    fireEvent.click(screen.getByRole('button', { name: 'Record key' }))
    expect(await screen.findByRole('heading', { name: 'Key recorded' })).toBeTruthy()
    expect(stub.of('keys:record')[0]!.payload).toEqual({
      connectionId: 'conn-optidash',
      name: 'old-key',
      secret: 'pasted-optidash-key'
    })
    // A pasted value is the admin's already: it is not shown back.
    expect(screen.queryByLabelText("The new key's value")).toBeNull()
  })

  it('Data Hub: access types, a generated generic token, status, expiry, IP filters and headers', async () => {
    const stub = stubClient({
      'keys:create': () => ok({ key: createdView('owl-export'), secret: 'generated-token' })
    })
    show('datahub', stub)
    const types = screen.getByRole('group', { name: 'Access type' })
    expect(
      within(types)
        .getAllByRole('radio')
        .map((radio) => radio.parentElement?.textContent)
    ).toEqual([
      expect.stringContaining('API key'),
      expect.stringContaining('api.contentserv.com token'),
      expect.stringContaining('Generic token')
    ])
    // Owl makes an API key's value: only pasting is offered.
    expect(screen.queryByRole('radiogroup', { name: 'Value' })).toBeNull()
    fireEvent.click(screen.getByRole('radio', { name: /Generic token/ }))
    expect(screen.getByRole('textbox', { name: 'Value' })).toBeTruthy()
    fireEvent.click(screen.getByRole('radio', { name: 'Generate one' }))
    expect(screen.queryByRole('textbox', { name: 'Value' })).toBeNull()
    type('Name', 'owl-export')
    fireEvent.click(screen.getByRole('radio', { name: 'Inactive' }))
    type(/Expires on/, '2027-03-31')
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Only listed addresses may use this key' })
    )
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }))
    type('Rule 1', '10.0.0.0 255.0.0.0')
    fireEvent.click(screen.getByRole('button', { name: 'Add header' }))
    type('Header 1 name', 'X-Total-Count')
    type('Header 1 value', '${collection.meta.count}')
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }))
    expect(await screen.findByLabelText("The new key's value")).toBeTruthy()
    expect(stub.of('keys:create')[0]!.payload).toEqual({
      connectionId: 'conn-datahub',
      name: 'owl-export',
      accessType: 'generic-token',
      status: 'inactive',
      expiresAt: new Date(2027, 2, 31, 23, 59, 59, 999).getTime(),
      headers: [{ name: 'X-Total-Count', value: '${collection.meta.count}', enabled: true }],
      ips: ['10.0.0.0/8'],
      generateSecret: true,
      showSecret: true
    })
  })

  it('Data Hub: a pasted value is checked with the schema and sent, never shown back', async () => {
    const stub = stubClient({
      'keys:create': () => ({
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'IP filter 1: 300 is over 255.' }
      })
    })
    show('datahub', stub)
    type('Name', 'owl-api')
    type('Value', ' padded ')
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }))
    expect(
      await screen.findByText(
        "Paste the key's value alone, without spaces or line breaks around it."
      )
    ).toBeTruthy()
    expect(stub.of('keys:create')).toHaveLength(0)
    type('Value', 'owl-made-value')
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }))
    expect(
      await screen.findByText('The key was not created: IP filter 1: 300 is over 255.')
    ).toBeTruthy()
    expect(stub.of('keys:create')[0]!.payload).toMatchObject({
      accessType: 'api-key',
      secret: 'owl-made-value',
      showSecret: false
    })
  })

  it('DM-Hub: the value pasted and an expiry; no role, IP, header or access-type field', async () => {
    const stub = stubClient({ 'keys:create': () => ok({ key: createdView('dm-ana') }) })
    show('dmhub', stub)
    expect(screen.getByRole('radiogroup', { name: 'What to do' })).toBeTruthy()
    for (const group of ['Role', 'IP addresses', 'Access type', 'Response headers'])
      expect(screen.queryByRole('group', { name: new RegExp(group) })).toBeNull()
    type('Name', 'dm-ana')
    type('Value', 'dm-hub-value-1')
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }))
    expect(await screen.findByRole('heading', { name: 'Key recorded' })).toBeTruthy()
    expect(stub.of('keys:create')[0]!.payload).toEqual({
      connectionId: 'conn-dmhub',
      name: 'dm-ana',
      secret: 'dm-hub-value-1',
      status: 'active',
      expiresAt: null,
      showSecret: false
    })
  })
})
