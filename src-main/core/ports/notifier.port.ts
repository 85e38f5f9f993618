// The notification port: desktop notifications for expiry reminders (Electron), and where their log is kept.
import type { ReminderLog } from '../../contract/inventory.contract'

export interface Notifier {
  /** One short notification; never put a key's value in it. */
  notify(title: string, body: string): void
}

/** Which reminders were shown already, so a restart does not repeat them (key ids and dates only). */
export interface ReminderLogStore {
  read(): ReminderLog
  write(log: ReminderLog): void
}

export const memoryReminderLog = (): ReminderLogStore => {
  let log: ReminderLog = {}
  return { read: () => log, write: (next) => void (log = next) }
}
