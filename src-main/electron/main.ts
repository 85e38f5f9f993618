// Composition root of the desktop app, run by Electron's main process (stub until the Electron glue lands).
import { app } from 'electron'

app.whenReady().then(() => app.quit())
