// Keeps the expiry-reminder log (key ids, expiry dates, thresholds; nothing secret) in `<dataDir>/reminders.json`.
import Conf from 'conf'
import { reminderLogSchema, type ReminderLog } from '../../contract/inventory.contract'
import type { ReminderLogStore } from '../../core/ports/notifier.port'

export const openConfReminderLog = (dataDir: string): ReminderLogStore => {
  const store = new Conf<{ log: unknown }>({
    projectName: 'hubkeys',
    cwd: dataDir,
    configName: 'reminders',
    configFileMode: 0o600,
    // Losing this file only repeats a reminder, so a damaged one is simply started afresh.
    clearInvalidConfig: true
  })
  return {
    read: (): ReminderLog => {
      const parsed = reminderLogSchema.safeParse(store.get('log'))
      return parsed.success ? parsed.data : {}
    },
    write: (log) => store.set('log', log)
  }
}
