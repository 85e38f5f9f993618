// The crash test's child process: unlocks the vault on a data folder and runs one rotation (or resumes the unfinished ones), SIGKILLing itself right after the Nth committed journal state (ROTATION_CRASH_CASE); plain Node.
import '../../../src-main/adapters/platform/install-node-platform'
import { callerOf, openRotationCore, rotationPassword } from './rotation-kit'

interface CrashCase {
  dataDir: string
  /** The `rotation:start` request; absent: resume every unfinished rotation instead. */
  start?: Record<string, unknown>
  /** Kill right after this many journal states have been committed; 0 = never (the parent may kill). */
  killAfterCommits: number
}

const crashCase = JSON.parse(process.env.ROTATION_CRASH_CASE ?? '{}') as CrashCase
let commits = 0
const { core, close } = openRotationCore(crashCase.dataDir, {
  onStateCommitted: () => {
    commits += 1
    // SIGKILL: no handler, no flush, no exit hook runs; exactly what a power cut leaves behind.
    if (commits === crashCase.killAfterCommits) process.kill(process.pid, 'SIGKILL')
  }
})
const call = callerOf(core)
await call('vault:unlock', { password: rotationPassword })
try {
  if (crashCase.start) {
    const result = await call<{ rotation: { state: string } }>('rotation:start', crashCase.start)
    process.stdout.write(`${JSON.stringify({ state: result.rotation.state })}\n`)
  } else {
    const result = await call<{ rotations: { state: string }[] }>('rotation:resume', {})
    process.stdout.write(`${JSON.stringify({ states: result.rotations.map((r) => r.state) })}\n`)
  }
} catch (error) {
  process.stdout.write(
    `${JSON.stringify({ error: error instanceof Error ? error.message : 'unknown' })}\n`
  )
}
await close()
