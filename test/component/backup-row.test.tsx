// @vitest-environment happy-dom
// Component tests of the settings backup row over the real core: last backup time, "Back up now", and "Restore…" with a wrong then the right password.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient, type Client } from '../../src-renderer/src/api/client'
import { BackupRow } from '../../src-renderer/src/features/settings/BackupRow'
import {
  createSettingsStore,
  SettingsStoreProvider
} from '../../src-renderer/src/features/settings/settings.store'
import { createCoreApi, type CoreApi } from '../helpers/fake-api'
import { passwords } from './vault-test-kit'

let backend: CoreApi
let client: Client

beforeEach(async () => {
  backend = await createCoreApi()
  client = createClient(() => backend.api)
  await backend.api.invoke('vault:create', { password: passwords.first })
})

afterEach(async () => {
  cleanup()
  await backend.close()
})

const renderRow = () =>
  render(
    <SettingsStoreProvider value={createSettingsStore(client)}>
      <BackupRow />
    </SettingsStoreProvider>
  )

const backUpNow = async () => {
  fireEvent.click(screen.getByRole('button', { name: 'Back up now' }))
  await screen.findByText(/^Last backup /)
}

describe('BackupRow', () => {
  it('says there is no backup yet, then shows the time of the one made with "Back up now"', async () => {
    renderRow()
    expect(await screen.findByText(/^No backup yet\./)).toBeTruthy()
    expect(screen.getByText(/keeps the last 7 in .*backups\./)).toBeTruthy()
    await backUpNow()
    const status = await client.call('backup:status', {})
    expect(status.ok && status.value.count).toBe(1)
  })

  it('changes the folder new backups go to', async () => {
    renderRow()
    await screen.findByText(/^No backup yet\./)
    fireEvent.click(screen.getByRole('button', { name: 'Folder…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Backup folder' })
    const field = within(dialog).getByLabelText('Folder')
    const elsewhere = `${(field as HTMLInputElement).value}-elsewhere`
    fireEvent.change(field, { target: { value: elsewhere } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Use this folder' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(await screen.findByText(new RegExp(`in ${elsewhere}\\.$`))).toBeTruthy()
    await backUpNow()
    const status = await client.call('backup:status', {})
    expect(status.ok && status.value.lastBackupPath?.startsWith(`${elsewhere}/`)).toBe(true)
  })

  it('shows why a backup failed', async () => {
    await backend.api.invoke('vault:lock', {})
    renderRow()
    await screen.findByText(/^No backup yet\./)
    fireEvent.click(screen.getByRole('button', { name: 'Back up now' }))
    expect((await screen.findByRole('alert')).textContent).toMatch(/vault is locked/)
  })

  it('restores only with the backup’s password, then says where the replaced data went', async () => {
    renderRow()
    await screen.findByText(/^No backup yet\./)
    await backUpNow()
    const status = await client.call('backup:status', {})
    const file = status.ok ? (status.value.lastBackupPath as string) : ''

    fireEvent.click(screen.getByRole('button', { name: 'Restore…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Restore a backup' })
    fireEvent.change(within(dialog).getByLabelText('Backup file'), { target: { value: file } })
    const password = within(dialog).getByLabelText('Master password of the backup')
    fireEvent.change(password, { target: { value: 'not the password at all' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Replace current data' }))
    expect(await within(dialog).findByText(/not the backup's master password/)).toBeTruthy()
    const still = await client.call('vault:status', {})
    expect(still.ok && still.value.state).toBe('unlocked')

    fireEvent.change(password, { target: { value: passwords.first } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Replace current data' }))
    expect(await screen.findByText(/^Restored .*kept as .*before-restore-/)).toBeTruthy()
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    const locked = await client.call('vault:status', {})
    expect(locked.ok && locked.value.state).toBe('locked')
  })
})
