#!/usr/bin/env node
// The `hubkeys` command line: runs the same core in-process for scripting and headless use (plain Node).
// First: core's host primitives (crypto, zlib) must be installed before any core module runs.
import '../adapters/platform/install-node-platform'
import { defaultDataDir } from '../adapters/paths/data-dir'
import { appVersion } from '../adapters/paths/app-version'
import { auditCommand } from './audit.command'
import { AppError } from '../contract/result'
import { isStoreError } from '../core/ports/store-error'
import { openCliCore, openPureCliCore } from './cli-core'
import { UsageError } from './command-args'
import type { CommandContext } from './command-context'
import { hubsCommand } from './hubs.command'
import { hygieneCommand } from './hygiene.command'
import { policyCommand } from './policy.command'
import { exportCommand, importCommand } from './inventory-io.command'
import { ipfilterCommand } from './ipfilter.command'
import { keysCommand } from './keys.command'
import { rotateCommand, rotationsCommand } from './rotate.command'
import { PasswordInputError, readPasswords } from './password-input'
import { syncCommand } from './sync.command'
import { escapeTerminal, type TerminalText } from './terminal-text'
import { usageCommand } from './usage.command'
import { vaultCommand } from './vault.command'
import { storeCommands, storeCommandsUsage } from './store-commands'

const usage = `usage: hubkeys [--data-dir DIR] <command> [options]

commands:
  init              create the vault (master password from HUBKEYS_PASSWORD or --password-stdin)
  status [--json]   show the vault's state and check its stored row; with a password, also unlock it
  change-password   change the master password (current and new: HUBKEYS_PASSWORD and
                    HUBKEYS_NEW_PASSWORD, or two lines on stdin with --password-stdin)
  hubs add --kind cycle|dct|optidash|datahub|dmhub --name NAME --url URL [--hub-id ID]
           [--base-path P] [--server-version V] [--export-path P] [--env prod|staging|dev]
           [--fileset NAME[,NAME]]... (DM-Hub: filesets whose storage is charted)
           [--ca-file PEM] [--insecure] [--credential-stdin]   (or HUBKEYS_CREDENTIAL)
  hubs list [--json] | hubs test NAME | hubs remove NAME
  keys list [--hub NAME] [--search Q] [--filter WORD]... [--live] [--json]
  keys create --hub NAME --name N [--role ID] [--ips a,b] [--show-secret] [--json]
              [--secret-stdin]   (hubs whose keys are made elsewhere: the value to record,
                                  or HUBKEYS_KEY_SECRET)
  keys record --hub NAME --name N [--status active|inactive] [--expires ISO] [--created ISO]
              [--owner TEXT] [--ips a,b] [--header NAME=VALUE]... [--secret-stdin]
                    a key made elsewhere (Optidash, Data Hub, DM-Hub), its value from stdin or
                    HUBKEYS_KEY_SECRET; --header !NAME=VALUE: a header Owl does not send
  keys update --hub NAME --key ID [--name N] [--ips a,b|none] [--role ID] [--status active|inactive]
              [--expires ISO|never] [--notes TEXT] [--tags a,b|none] [--owner TEXT]
              [--header NAME=VALUE]... (Data Hub; !NAME=VALUE: not sent; none: clear)
  keys delete --hub NAME --key ID --yes [--confirm-name NAME]  (the name is required on prod)
  keys verify --hub NAME --key ID
  keys copy --hub NAME --key ID [--as value|header|curl|env] [--stdout]
  usage --hub NAME [--key ID]... [--filesets] [--from ISO] [--to ISO]
        [--interval minute|hour|day|week|month] [--refresh] [--json|--csv]
                    usage from Hubkeys' cache (works offline; --refresh fetches from the hub
                    first); no --key: every key of the connection; --filesets: DM-Hub storage
  usage summary --hub NAME [--refresh] [--json]
                    7/30-day totals, last use and the quota burn-down (Optidash)
  rotate --hub NAME --key ID [--grace 0|1h|24h|7d] [--confirm-name NAME] [--generate]
         [--secret-stdin] [--yes] [--json] [--show-secret]
                    without --yes: the plan only (strategy, risk, steps); a guided rotation's
                    new value comes from stdin or HUBKEYS_KEY_SECRET, a reset needs the key's
                    name in --confirm-name
  rotate --hub NAME --credential [--recovery-hub NAME] [--yes] [--json]
                    regenerate the connection's own credential (DCT); --recovery-hub: another
                    connection to the same server that resets it if Hubkeys dies inside the call
  rotate --resume [--yes] [--json]   resume every unfinished rotation (list them without --yes)
  rotations list [--unfinished] [--json]
  sync [--hub NAME] [--json]
  hygiene [--max-age DAYS] [--json]
  policy check [--limit N] [--json]   the cached keys against the policy rules (exit 0 none
                                      broken, 3 some key breaks a rule)
  policy report --out FILE [--format html|json]   the evidence report: rules, every key's result
  export [--format json|csv] [--hub NAME] [--out FILE] [--with-secrets]
                    the cached inventory, metadata only; --with-secrets adds the values, sealed
                    with HUBKEYS_EXPORT_PASSPHRASE (Argon2id + AES-256-GCM)
  import --hub NAME --csv FILE [--dry-run] [--json]
                    record keys made elsewhere (Optidash, Data Hub, DM-Hub) from CSV with the
                    columns name,value[,status,expires,created,owner,ip_rules]; bad rows are
                    reported by line, the rest recorded (exit 3 when a row was refused)
  policy set --all|--hub NAME [--max-age DAYS|off] [--expiry-required yes|no]
             [--ip-on-prod yes|no] [--no-allow-all yes|no] [--name-pattern REGEX|off]
             [--rotate-every DAYS|off] [--missing-days DAYS|off] [--clear]
  audit list [--key ID] [--hub NAME] [--action A[,B]] [--outcome ok|error|CODE]
             [--since ISO] [--until ISO] [--search TEXT] [--limit N] [--json]
  audit verify [--json]   check the audit log's hash chain: exit 0 intact, 1 broken
  ipfilter check --rules LIST --ip ADDRESS [--kind KIND] [--json]
                    would the list let ADDRESS through, and by which rule? (exit 0 allowed,
                    3 denied, 1 a rule or the address is invalid)
  ipfilter lint --rules LIST [--kind KIND] [--json]
                    invalid, duplicate, contained, overlapping, allow-all and empty-list findings
                    (exit 1 when one is an error); LIST is comma-separated ("none": no
                    restriction), KIND words the findings by what that hub does
${storeCommandsUsage}

  Commands that touch connections or keys unlock the vault with HUBKEYS_PASSWORD or
  --password-stdin (stdin lines in this order: password, credential, key value).

options:
  --data-dir DIR    data folder (default: the desktop app's, ${defaultDataDir()})
  --password-stdin  read the password(s) from standard input, one per line
  --version, --help`

/** Splits `[global options] <command> [command options]`; command options are parsed per command. */
const splitArgs = (argv: string[]) => {
  // A password in a flag value would land in shell history and in `ps` output for every user.
  if (argv.some((arg) => /^--(new-)?password(=|$)/.test(arg))) {
    throw new UsageError(
      'passwords are never taken from flag values; set HUBKEYS_PASSWORD or use --password-stdin'
    )
  }
  const global: { dataDir?: string; help: boolean; version: boolean } = {
    help: false,
    version: false
  }
  let index = 0
  for (; index < argv.length; index += 1) {
    const arg = argv[index] as string
    if (arg === '--data-dir') {
      const value = argv[index + 1]
      if (value === undefined || value.startsWith('--'))
        throw new UsageError('--data-dir needs a folder')
      global.dataDir = value
      index += 1
    } else if (arg.startsWith('--data-dir=')) global.dataDir = arg.slice('--data-dir='.length)
    else if (arg === '--help' || arg === '-h') global.help = true
    else if (arg === '--version') global.version = true
    else break
  }
  const [command, ...rest] = argv.slice(index)
  return { global, command, rest }
}

/** Reads stdin once: the password line first (with --password-stdin), then the credential. */
const commandInputs = (rest: string[]) => {
  const passwordFromStdin = rest.includes('--password-stdin')
  const credentialFromStdin = rest.includes('--credential-stdin')
  const secretFromStdin = rest.includes('--secret-stdin')
  let lines: Promise<string[]> | undefined
  const stdinLines = () =>
    (lines ??= readPasswords({
      fromStdin: true,
      count: [passwordFromStdin, credentialFromStdin, secretFromStdin].filter(Boolean).length,
      env: []
    }))
  const line = async (index: number) => (await stdinLines())[index]
  return {
    password: async (): Promise<string> => {
      if (passwordFromStdin) return (await stdinLines())[0] as string
      const [password] = await readPasswords({
        fromStdin: false,
        count: 1,
        env: ['HUBKEYS_PASSWORD']
      })
      return password as string
    },
    credential: async (): Promise<string | undefined> => {
      if (credentialFromStdin) return line(passwordFromStdin ? 1 : 0)
      return process.env.HUBKEYS_CREDENTIAL || undefined
    },
    /** A key's value for hubs whose keys are made elsewhere (recorded, never generated by a flag). */
    secret: async (): Promise<string | undefined> => {
      if (secretFromStdin)
        return line([passwordFromStdin, credentialFromStdin].filter(Boolean).length)
      return process.env.HUBKEYS_KEY_SECRET || undefined
    }
  }
}

const hubCommands: Record<string, (ctx: CommandContext, args: string[]) => Promise<number>> = {
  hubs: hubsCommand,
  keys: keysCommand,
  rotate: rotateCommand,
  rotations: rotationsCommand,
  usage: usageCommand,
  sync: syncCommand,
  hygiene: hygieneCommand,
  policy: policyCommand,
  export: exportCommand,
  import: importCommand,
  audit: auditCommand
}

/** Pure computation through the contract: no vault, no data file (openPureCliCore). */
const pureCommands: Record<string, (ctx: CommandContext, args: string[]) => Promise<number>> = {
  ipfilter: ipfilterCommand
}

const print = (text: TerminalText) => console.log(text)
const warn = (message: string) => console.error(`hubkeys: ${escapeTerminal(message)}`)

const run = async (argv: string[]): Promise<number> => {
  const { global, command, rest } = splitArgs(argv)
  if (global.help) return (console.log(usage), 0)
  if (global.version) return (console.log(appVersion), 0)
  if (!command) throw new UsageError('a command is required')
  const dataDir = global.dataDir ?? defaultDataDir()

  const storeCommand = storeCommands[command]
  if (storeCommand) {
    const { password } = commandInputs(rest)
    return storeCommand({
      dataDir,
      args: rest,
      // Paths and file-doctor sentences are ours, but a path may hold anything: escape it too.
      print: (line: string) => console.log(escapeTerminal(line)),
      openCore: () => openCliCore(dataDir, warn),
      password
    })
  }

  const pureCommand = pureCommands[command]
  if (pureCommand) {
    const { call } = openPureCliCore()
    const needsNoVault = async () => {
      throw new UsageError(`${command} needs no vault, credential or key value`)
    }
    return pureCommand(
      { call, unlock: needsNoVault, credential: needsNoVault, secret: needsNoVault, print },
      rest
    )
  }

  const hubCommand = hubCommands[command]
  if (hubCommand) {
    const inputs = commandInputs(rest)
    const { call, close } = openCliCore(dataDir, warn)
    try {
      return await hubCommand(
        {
          call,
          unlock: async () => {
            if ((await call('vault:status', {})).state !== 'unlocked')
              await call('vault:unlock', { password: await inputs.password() })
          },
          credential: inputs.credential,
          secret: inputs.secret,
          print
        },
        rest
      )
    } finally {
      await close()
    }
  }

  const code = await vaultCommand(
    { dataDir, open: () => openCliCore(dataDir, warn), print },
    command,
    rest
  )
  if (code === undefined) throw new UsageError(`unknown command ${JSON.stringify(command)}`)
  return code
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      warn(`${error.message} (see hubkeys --help)`)
      process.exit(2)
    }
    // One clear line, never a stack trace; AppError and StoreError messages are written for people.
    const message =
      error instanceof AppError || isStoreError(error) || error instanceof PasswordInputError
        ? error.message
        : `unexpected failure (${error instanceof Error ? error.name : typeof error}).`
    // Messages may quote hub answers and names: escaped, like everything the CLI prints.
    warn(message)
    process.exit(1)
  }
)
