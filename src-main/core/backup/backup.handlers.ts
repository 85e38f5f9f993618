// Handlers for the `backup:*` channels; run in main, web mode or the CLI.
import type { Handlers } from '../dispatch'
import type { BackupService } from './backup.service'

export const createBackupHandlers = (
  backups: BackupService
): Pick<Handlers, 'backup:status' | 'backup:create' | 'backup:restore'> => ({
  'backup:status': () => backups.status(),
  'backup:create': ({ out }) => backups.create(out),
  'backup:restore': ({ file, password }) => backups.restore(file, password)
})
