// Finds the system's clipboard tool (wl-copy, xclip, xsel, pbcopy, clip.exe) and hands it a value on stdin, never in argv, for `hubkeys keys copy` (plain Node).
import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { AppError } from '../contract/result'

export interface ClipboardTool {
  command: string
  args: string[]
  /** Where the command was found. */
  path: string
}

interface Candidate {
  command: string
  args: string[]
  /** The tool talks to a display server that this variable names; without it, it cannot work. */
  needs?: string
}

/** In order of preference; Wayland before X, since XWayland often sets DISPLAY too. */
const candidates: Candidate[] = [
  { command: 'wl-copy', args: [], needs: 'WAYLAND_DISPLAY' },
  { command: 'xclip', args: ['-selection', 'clipboard', '-in'], needs: 'DISPLAY' },
  { command: 'xsel', args: ['--clipboard', '--input'], needs: 'DISPLAY' },
  { command: 'pbcopy', args: [] },
  // Windows, and WSL where Windows' folders are on PATH.
  { command: 'clip.exe', args: [] }
]

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The first clipboard tool on PATH that can work here, or undefined. */
export const findClipboardTool = (env: NodeJS.ProcessEnv): ClipboardTool | undefined => {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean)
  for (const candidate of candidates) {
    if (candidate.needs && !env[candidate.needs]) continue
    for (const dir of dirs) {
      const path = join(dir, candidate.command)
      if (executable(path)) return { command: candidate.command, args: candidate.args, path }
    }
  }
  return undefined
}

export const noClipboardTool =
  'No clipboard tool was found (wl-copy, xclip or xsel with a display, pbcopy, clip.exe); install one, or use --stdout to print the value on purpose.'

/** Writes `text` to the tool's stdin and waits for it to finish; refuses when it fails. */
export const writeWithClipboardTool = (
  tool: ClipboardTool,
  text: string,
  env: NodeJS.ProcessEnv
): Promise<void> =>
  new Promise((resolve, reject) => {
    // stdout and stderr ignored: xclip keeps serving the selection in a child that inherits them.
    const child = spawn(tool.path, tool.args, { env, stdio: ['pipe', 'ignore', 'ignore'] })
    const failed = (detail: string) =>
      reject(new AppError('UNAVAILABLE', `${tool.command} could not copy the value (${detail}).`))
    child.on('error', (error) => failed(error.name))
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : failed(signal ? `stopped by ${signal}` : `exit code ${code}`)
    )
    child.stdin.on('error', () => undefined)
    child.stdin.end(text)
  })
