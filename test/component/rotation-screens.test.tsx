// @vitest-environment happy-dom
// Component tests of the rotation feature over a scripted client: the bulk dry run (strategy and risk per key, nothing runs), the Rotation screen (proposals with their connection, the journal's to-do), the banner (a flagged credential loss, a rotation another process runs) and "Rotate credential…" (the window explained, the recovery connection chosen).
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Connection } from '../../src-main/contract/hubs.contract'
import type { RotationPlanItem } from '../../src-main/contract/rotation.contract'
import { createClient } from '../../src-renderer/src/api/client'
import {
  ConnectionsStoreProvider,
  createConnectionsStore
} from '../../src-renderer/src/features/connections/connections.store'
import { createKeysStore, KeysStoreProvider } from '../../src-renderer/src/features/keys/keys.store'
import { BulkRotationPlan } from '../../src-renderer/src/features/rotation/BulkRotationPlan'
import { InterruptedRotations } from '../../src-renderer/src/features/rotation/InterruptedRotations'
import { RotateCredential } from '../../src-renderer/src/features/rotation/RotateCredential'
import { RotationScreen } from '../../src-renderer/src/features/rotation/RotationScreen'
import {
  createRotationStore,
  RotationStoreProvider
} from '../../src-renderer/src/features/rotation/rotation.store'
import { createScriptedBridge, planFor, rotationView } from './rotation-test-kit'

const connection = (id: string, name: string): Connection =>
  ({ id, name, kind: 'dct', environment: 'prod', hasCredential: true }) as Connection

const bridge = createScriptedBridge()
const { calls, answers } = bridge
const rotation = rotationView
const client = createClient(() => bridge.api)

const withStores = (children: ReactNode, selected: string[] = []) => {
  const connections = createConnectionsStore(client)
  connections.setState({
    connections: [connection('c-1', 'DCT prod'), connection('c-2', 'Cycle staging')]
  })
  const keys = createKeysStore(client)
  keys.setState({ selected: new Set(selected) })
  return render(
    <ConnectionsStoreProvider value={connections}>
      <KeysStoreProvider value={keys}>
        <RotationStoreProvider value={createRotationStore(client)}>
          {children}
        </RotationStoreProvider>
      </KeysStoreProvider>
    </ConnectionsStoreProvider>
  )
}

/** Channels that change a hub or the journal; none may run from a dry run. */
const acting = /^rotation:(start|resume|rollback|revoke-now|set-policy)$/

beforeEach(() => bridge.reset({ 'rotation:list': { rotations: [] } }))
afterEach(() => cleanup())

describe('Plan rotation… (bulk dry run)', () => {
  it('lists the strategy, risk and explanation of every selected key, by connection, and runs nothing', async () => {
    answers['keys:get-many'] = [
      { id: 'k-1', connectionId: 'c-1', connectionName: 'DCT prod' },
      { id: 'k-2', connectionId: 'c-2', connectionName: 'Cycle staging' },
      { id: 'k-3', connectionId: 'c-1', connectionName: 'DCT prod' }
    ]
    answers['rotation:plan'] = (payload: { connectionId: string; keyIds: string[] }) => ({
      items: payload.keyIds.map((keyId) =>
        payload.connectionId === 'c-1'
          ? planFor({
              keyId,
              keyName: `dct-${keyId}`,
              connectionId: 'c-1',
              strategy: 'reset-cutover',
              risk: keyId === 'k-3' ? 'blocked' : 'high',
              explanation:
                keyId === 'k-3'
                  ? 'A rotation of "dct-k-3" is already unfinished. Resets the key.'
                  : 'Resets the key: every consumer breaks until it switches.',
              needsTypedName: true,
              graceWindows: ['0']
            })
          : planFor({ keyId, keyName: 'cycle-key', connectionId: 'c-2' })
      )
    })
    withStores(<BulkRotationPlan />, ['k-1', 'k-2', 'k-3'])
    fireEvent.click(screen.getByRole('button', { name: 'Plan rotation…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Rotation plan' })
    expect(within(dialog).getByText(/3 selected keys: a dry run, nothing is changed/)).toBeTruthy()
    const plan = await within(dialog).findByRole('list', { name: 'Plan per key' })
    const items = within(plan)
      .getAllByRole('listitem')
      .map((item) => item.textContent)
    expect(items).toHaveLength(3)
    expect(items).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/dct-k-1 · DCT prod reset-cutover · risk high.*consumer breaks/),
        expect.stringMatching(
          /dct-k-3 · DCT prod reset-cutover · risk blocked.*already unfinished/
        ),
        expect.stringMatching(/cycle-key · Cycle staging create-verify-delete · risk low/)
      ])
    )
    // One plan call per connection, and nothing that acts: no start, no button to run it.
    expect(calls.filter((call) => call.channel === 'rotation:plan')).toHaveLength(2)
    expect(calls.some((call) => acting.test(call.channel))).toBe(false)
    expect(within(dialog).queryByRole('button', { name: /^Rotate/ })).toBeNull()
    fireEvent.click(within(dialog).getAllByRole('button', { name: 'Close' }).at(-1)!)
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(calls.some((call) => acting.test(call.channel))).toBe(false)
  })

  it('says why the plan could not be made', async () => {
    answers['keys:get-many'] = new Error('Hubkeys is locked.')
    withStores(<BulkRotationPlan />, ['k-1'])
    fireEvent.click(screen.getByRole('button', { name: 'Plan rotation…' }))
    expect((await screen.findByRole('alert')).textContent).toMatch(/locked/)
  })
})

describe('Rotation screen', () => {
  it("shows each proposal's connection and age, and each journal row's connection and what is left to do", async () => {
    answers['rotation:policies'] = { policies: [{ connectionId: 'c-2', maxAgeDays: 90 }] }
    answers['rotation:proposals'] = {
      items: [
        { ...planFor({ keyId: 'k-9', keyName: 'old-cycle', connectionId: 'c-2' }), ageDays: 400 },
        {
          ...planFor({
            keyId: 'k-8',
            keyName: 'old-dct',
            connectionId: 'c-1',
            strategy: 'reset-cutover',
            risk: 'high'
          }),
          ageDays: 120
        }
      ]
    }
    answers['rotation:list'] = {
      rotations: [
        rotation({
          id: 'r-opt',
          keyName: 'mobile',
          connectionId: 'c-2',
          strategy: 'create-verify-retire',
          notes: [
            `In Optidash's console, delete the key named "mobile [rot-abcdefabcdef]" if it is there: Hubkeys never got its value.`
          ]
        })
      ]
    }
    withStores(<RotationScreen />)
    const table = await screen.findByRole('table', { name: 'Proposed by policy' })
    const rows = within(table).getAllByRole('row')
    expect(
      within(rows[0]!)
        .getAllByRole('columnheader')
        .map((cell) => cell.textContent)
    ).toEqual(['Key', 'Connection', 'Age', 'Strategy and risk'])
    expect(
      rows.slice(1).map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((c) => c.textContent)
      )
    ).toEqual([
      ['old-cycle', 'Cycle staging', '400 days', 'create-verify-delete · risk low'],
      ['old-dct', 'DCT prod', '120 days', 'reset-cutover · risk high']
    ])
    const journal = screen.getByRole('listitem', { name: 'Rotation of mobile' })
    expect(journal.textContent).toMatch(/mobile · Cycle staging · create-verify-retire/)
    expect(within(journal).getByRole('list', { name: 'What is left to do' }).textContent).toMatch(
      /delete the key named "mobile \[rot-abcdefabcdef\]"/
    )
    expect(calls.some((call) => acting.test(call.channel))).toBe(false)
  })

  it('offers no Resume for a rotation another Hubkeys process is running, and says which', async () => {
    answers['rotation:policies'] = { policies: [] }
    answers['rotation:proposals'] = { items: [] }
    answers['rotation:list'] = {
      rotations: [rotation({ state: 'NEW_REQUESTED', runningElsewhere: 'pid 4242 on desk' })]
    }
    withStores(<RotationScreen />)
    const row = await screen.findByRole('listitem', { name: 'Rotation of billing-api' })
    expect(row.textContent).toMatch(/another Hubkeys process \(pid 4242 on desk\)/)
    expect(within(row).queryByRole('button', { name: 'Resume' })).toBeNull()
  })
})

describe('a rotation in its grace window', () => {
  it('offers Revoke now and Roll back but no Resume until the window ends or something failed', async () => {
    answers['rotation:policies'] = { policies: [] }
    answers['rotation:proposals'] = { items: [] }
    const hour = 3_600_000
    answers['rotation:list'] = {
      rotations: [
        rotation({
          id: 'waiting',
          keyName: 'in-grace',
          state: 'SWITCHED',
          graceUntil: Date.now() + hour
        }),
        rotation({
          id: 'due',
          keyName: 'grace-over',
          state: 'SWITCHED',
          graceUntil: Date.now() - hour
        })
      ]
    }
    withStores(<RotationScreen />)
    const waiting = await screen.findByRole('listitem', { name: 'Rotation of in-grace' })
    expect(within(waiting).queryByRole('button', { name: 'Resume' })).toBeNull()
    expect(within(waiting).getByRole('button', { name: 'Roll back' })).toBeTruthy()
    const due = screen.getByRole('listitem', { name: 'Rotation of grace-over' })
    expect(within(due).getByRole('button', { name: 'Resume' })).toBeTruthy()
  })
})

describe('the interrupted-rotations banner', () => {
  it('keeps an ended rotation that lost a credential in the banner with what to do, and leaves a running one alone', async () => {
    const lost = rotation({
      id: 'r-lost',
      keyName: 'the credential of DCT prod',
      strategy: 'regenerate-own',
      state: 'FAILED',
      stuck: true,
      lastError:
        "DCT prod's credential is lost: the old API key of DCT account 'admin' (id 1) no longer works. Ask a DCT admin to reset the API key of DCT account 'admin' (id 1), then store the new key with \"Replace credential\".",
      notes: ['Ask a DCT admin to reset the API key of DCT account admin (id 1).']
    })
    const elsewhere = rotation({
      id: 'r-else',
      keyName: 'other-key',
      state: 'NEW_REQUESTED',
      updatedAt: 1,
      runningElsewhere: 'pid 7 on desk'
    })
    answers['rotation:list'] = { rotations: [lost, elsewhere] }
    withStores(<InterruptedRotations />)
    const banner = await screen.findByRole('alert', { name: 'Rotation needs you' })
    expect(banner.textContent).toMatch(/DCT account 'admin' \(id 1\).*"Replace credential"/)
    expect(within(banner).queryByRole('button')).toBeNull()
    expect(screen.queryByRole('alert', { name: 'Interrupted rotation' })).toBeNull()
  })
})

describe('Rotate credential…', () => {
  const dctPlan = (recovery?: string): RotationPlanItem =>
    planFor({
      keyId: 'connection:c-1',
      keyName: 'the credential of DCT prod',
      strategy: 'regenerate-own',
      risk: 'high',
      explanation: recovery
        ? `One call. Hubkeys then resets this account's key through "${recovery}".`
        : 'One call: if Hubkeys is stopped inside it, the new key can be lost. Without a recovery connection nothing brings it back.',
      graceWindows: ['0'],
      recoveryConnections: [{ id: 'c-3', name: 'DCT prod (second admin)' }]
    })

  it('explains the window, lets the admin pick a recovery connection, and runs only on Regenerate', async () => {
    answers['rotation:plan'] = (payload: { recoveryConnectionId?: string }) => ({
      items: [dctPlan(payload.recoveryConnectionId ? 'DCT prod (second admin)' : undefined)]
    })
    answers['rotation:start'] = {
      rotation: rotation({
        keyName: 'the credential of DCT prod',
        strategy: 'regenerate-own',
        state: 'DONE'
      })
    }
    withStores(<RotateCredential connection={connection('c-1', 'DCT prod')} />)
    fireEvent.click(await screen.findByRole('button', { name: 'Rotate credential…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Rotate credential' })
    expect(within(dialog).getByText(/stopped inside it.*nothing brings it back/)).toBeTruthy()
    expect(within(dialog).getByText('Risk: high')).toBeTruthy()
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Recovery connection' }), {
      target: { value: 'c-3' }
    })
    expect(
      await within(dialog).findByText(
        /resets this account's key through "DCT prod \(second admin\)"/
      )
    ).toBeTruthy()
    expect(calls.some((call) => acting.test(call.channel))).toBe(false)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Regenerate' }))
    expect(await within(dialog).findByRole('status')).toBeTruthy()
    expect(calls.find((call) => call.channel === 'rotation:start')?.payload).toEqual({
      connectionId: 'c-1',
      target: 'credential',
      keyId: 'credential',
      recoveryConnectionId: 'c-3'
    })
  })

  it('shows nothing for a connection whose hub cannot regenerate its own key', async () => {
    answers['rotation:plan'] = {
      items: [
        planFor({
          strategy: null,
          risk: 'blocked',
          explanation: 'Cycle staging cannot regenerate its own credential through its API.'
        })
      ]
    }
    const { container } = withStores(
      <RotateCredential connection={connection('c-2', 'Cycle staging')} />
    )
    await waitFor(() => expect(calls.map((call) => call.channel)).toContain('rotation:plan'))
    expect(container.textContent).toBe('')
  })
})
