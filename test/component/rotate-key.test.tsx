// @vitest-environment happy-dom
// Component tests of "Rotate…" over a scripted bridge: the strategy and risk are shown before anything runs, a reset needs the key's name typed, progress ends at Done with a copy of the new value, and a failure is shown.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { KeyDetail } from '../../src-main/contract/inventory.contract'
import type { RotationView } from '../../src-main/contract/rotation.contract'
import { client } from '../../src-renderer/src/api/client'
import { GraceWindow } from '../../src-renderer/src/features/rotation/GraceWindow'
import { RotateKey } from '../../src-renderer/src/features/rotation/RotateKey'
import {
  createRotationStore,
  RotationStoreProvider
} from '../../src-renderer/src/features/rotation/rotation.store'
import {
  createSettingsStore,
  SettingsStoreProvider
} from '../../src-renderer/src/features/settings/settings.store'
import { createScriptedBridge, planFor, rotationView } from './rotation-test-kit'

/** The copy button goes through useCopyKey, which takes its client from the settings store. */
const renderRotate = (detail: KeyDetail) =>
  render(
    <SettingsStoreProvider value={createSettingsStore(client)}>
      <RotationStoreProvider value={createRotationStore(client)}>
        <RotateKey detail={detail} />
      </RotationStoreProvider>
    </SettingsStoreProvider>
  )

const detail = {
  id: 'k-1',
  connectionId: 'c-1',
  name: 'billing-api',
  connectionName: 'Acme prod',
  status: 'active'
} as KeyDetail

const bridge = createScriptedBridge()
const { calls, answers } = bridge
const rotation = (state: RotationView['state'], extra: Partial<RotationView> = {}) =>
  rotationView({ state, ...extra })

beforeEach(() => {
  bridge.reset({ 'rotation:list': { rotations: [] } })
  window.api = bridge.api
})
afterEach(() => {
  cleanup()
  delete window.api
})

describe('Rotate…', () => {
  it('explains the strategy before anything runs, then shows progress and copies the new value', async () => {
    answers['rotation:plan'] = { items: [planFor({})] }
    answers['rotation:start'] = { rotation: rotation('DONE'), secret: 'new-secret-value' }
    // Web mode: keys:copy answers the text for the page's one clipboard write.
    answers['keys:copy'] = { text: 'new-secret-value', clearAfterSeconds: 30, clearsAt: 1 }
    renderRotate(detail)
    fireEvent.click(screen.getByRole('button', { name: /Rotate…/ }))
    expect(await screen.findByText(/verifies it, then deletes the old key/)).toBeTruthy()
    expect(screen.getByText(/Risk: low/)).toBeTruthy()
    expect(calls.map((call) => call.channel)).toEqual(['rotation:plan'])
    fireEvent.click(screen.getByRole('radio', { name: '24 hours' }))
    fireEvent.click(screen.getByRole('button', { name: 'Rotate' }))
    expect(await screen.findByRole('list', { name: 'Rotation progress' })).toBeTruthy()
    expect(calls[1]).toMatchObject({
      channel: 'rotation:start',
      payload: { connectionId: 'c-1', keyId: 'k-1', grace: '24h', showSecret: true }
    })
    expect(screen.getByText('Done')).toBeTruthy()
    let written = ''
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: async (text: string) => void (written = text) },
      configurable: true
    })
    fireEvent.click(screen.getByRole('button', { name: /Copy new value/ }))
    await waitFor(() => expect(written).toBe('new-secret-value'))
    expect(await screen.findByText('Copied.')).toBeTruthy()
  })

  it('asks for the key name before a hard cut-over, and shows why a rotation failed', async () => {
    answers['rotation:plan'] = {
      items: [
        planFor({
          strategy: 'reset-cutover',
          risk: 'high',
          needsTypedName: true,
          graceWindows: ['0']
        })
      ]
    }
    answers['rotation:start'] = new Error(
      'The rotation stopped at NEW_REQUESTED: DCT could not be reached.'
    )
    renderRotate(detail)
    fireEvent.click(screen.getByRole('button', { name: /Rotate…/ }))
    await screen.findByText(/Risk: high/)
    expect(screen.queryByRole('radio')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Rotate' }))
    expect(calls.map((call) => call.channel)).toEqual(['rotation:plan'])
    fireEvent.change(screen.getByLabelText(/Type the key's name/), {
      target: { value: 'billing-api' }
    })
    fireEvent.click(screen.getByRole('button', { name: 'Rotate' }))
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be reached/)
    expect(calls[1]).toMatchObject({ payload: { confirmName: 'billing-api' } })
  })

  it('shows an old key still in use during its grace window, and revokes it on request', async () => {
    const now = Date.UTC(2026, 11, 6, 12)
    const switched = rotation('SWITCHED', {
      graceUntil: now + 20 * 3_600_000,
      updatedAt: now - 4 * 3_600_000
    })
    answers['usage:read'] = {
      connectionId: 'c-1',
      measure: 'requests',
      interval: 'hour',
      from: now - 5 * 3_600_000,
      to: now,
      series: [
        {
          subject: 'k-1',
          label: 'billing-api',
          at: { start: now - 5 * 3_600_000, step: 3_600_000, count: 5 },
          requests: Float64Array.from([40, 0, 12, 0, 3]),
          // No byte counts sent: NaN in an amount column.
          bytes: new Float64Array(5).fill(Number.NaN)
        }
      ],
      fetchedAt: now,
      stale: false,
      derivedFrom: null,
      oddities: [],
      limitDays: 90,
      anomalies: []
    }
    answers['rotation:revoke-now'] = rotation('DONE')
    render(
      <RotationStoreProvider value={createRotationStore(client)}>
        <GraceWindow rotation={switched} now={now} />
      </RotationStoreProvider>
    )
    // The bucket before the switch (40) does not count; 12 + 3 after it do.
    expect(await screen.findByText(/15 requests on the old key since the switch/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Revoke now' }))
    await waitFor(() => expect(calls.map((call) => call.channel)).toContain('rotation:revoke-now'))
  })
})
