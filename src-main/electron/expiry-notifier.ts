// Shows expiry reminders as desktop notifications through Electron's Notification; main process only.
import { Notification } from 'electron'
import type { Notifier } from '../core/ports/notifier.port'

export const createDesktopNotifier = (
  notification: typeof Notification = Notification
): Notifier => ({
  notify(title, body) {
    // Unsupported on some Linux desktops without a notification daemon: the Hygiene screen still shows it.
    if (!notification.isSupported()) return
    new notification({ title, body }).show()
  }
})
