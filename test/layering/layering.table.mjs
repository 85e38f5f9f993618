// The one layering table (DESIGN.md section 1), read at lint time by eslint.config.js and by test/unit/layering.test.ts.
// Plain JS because eslint.config.js is plain ESM; it lives under test/ because it is tooling, not
// shipped code, and the repository's top level is fixed. Types: layering.table.d.mts.
import { builtinModules } from 'node:module'

/**
 * One row per folder (or single file) of the source tree. `mayImport` is an allow-list; everything
 * else is refused:
 * - `'node'`: Node builtins (`fs`, `node:fs`, ...);
 * - `'electron'`: the electron package;
 * - `'npm'`: any other package from node_modules;
 * - a package name (`'zod'`): that package and its subpaths;
 * - a repository path (`'src-main/contract'`, `'package.json'`, a module without its extension):
 *   relative imports that resolve to it or inside it.
 * A folder row may always import inside itself; a file row (the web bridge) may not import its
 * neighbours. Later rows override earlier ones for the files both cover (core/ports inside core).
 */
export const layeringRows = [
  {
    folder: 'src-main/contract',
    runsIn: 'anywhere (main, preload, renderer)',
    mayImport: ['zod', 'ipaddr.js'],
    // ipaddr.js: pure, dependency-free IP math that the renderer's IP-filter editor and the hub
    // adapters must agree on, so it lives in the shared contract.
    message: 'src-main/contract may import only zod, ipaddr.js (pure IP math) and itself.'
  },
  {
    // Pure helpers both core and adapters use (log redaction, the retry policy). Not in the
    // contract, which is the renderer-facing API; not in core, which adapters may reach only
    // through ports. It imports nothing, so anything in main may import it.
    folder: 'src-main/common',
    runsIn: 'anywhere (pure functions, no imports)',
    mayImport: [],
    message:
      'src-main/common imports nothing but itself: it is pure code that every main folder may use.'
  },
  {
    // No Node builtins in core (issue 3, stricter than DESIGN.md's table): the few host
    // primitives core needs come through core/ports/platform.port.ts, installed by each entry point.
    folder: 'src-main/core',
    runsIn: 'Node (no builtins: host primitives come through the platform port)',
    mayImport: ['zod', 'ipaddr.js', 'src-main/contract', 'src-main/common'],
    message:
      'src-main/core may import only the contract, common, core itself, zod and ipaddr.js; reach adapters through core/ports.'
  },
  {
    // Adapters implement ports, so a port must not drag the rest of core in with it.
    folder: 'src-main/core/ports',
    runsIn: 'Node (interfaces and the types adapters share with core)',
    mayImport: ['zod', 'src-main/contract', 'src-main/common'],
    message: 'src-main/core/ports may import only the contract, common, other ports and zod.'
  },
  {
    folder: 'src-main/adapters',
    runsIn: 'Node',
    mayImport: [
      'node',
      'npm',
      'src-main/contract',
      'src-main/common',
      'src-main/core/ports',
      'package.json'
    ],
    message:
      'src-main/adapters may import only core/ports, the contract, common, Node and their own libraries (not electron).'
  },
  {
    folder: 'src-main/electron',
    runsIn: 'Electron main',
    mayImport: [
      'node',
      'electron',
      'npm',
      'src-main/contract',
      'src-main/common',
      'src-main/core',
      'src-main/adapters',
      'src-main/launcher'
    ],
    message:
      "src-main/electron may import the contract, common, core, adapters, the launcher's checks, Node, electron and libraries; not web or the renderer."
  },
  {
    folder: 'src-main/web',
    runsIn: 'Node (web mode)',
    mayImport: [
      'node',
      'npm',
      'src-main/contract',
      'src-main/common',
      'src-main/core',
      'src-main/adapters'
    ],
    message:
      'src-main/web may import the contract, common, core, adapters, Node and libraries; not electron.'
  },
  {
    folder: 'src-main/cli',
    runsIn: 'Node (the hubkeys command line)',
    mayImport: [
      'node',
      'npm',
      'src-main/contract',
      'src-main/common',
      'src-main/core',
      'src-main/adapters'
    ],
    message:
      'src-main/cli may import the contract, common, core, adapters, Node and libraries; not electron.'
  },
  {
    // `npm start` runs before any build of the core exists and must start even when the core
    // cannot load, so it decides from paths and files alone.
    folder: 'src-main/launcher',
    runsIn: 'Node (the npm start launcher)',
    mayImport: ['node', 'src-main/adapters/paths'],
    message: 'src-main/launcher may import only Node builtins and adapters/paths; never core.'
  },
  {
    folder: 'src-preload',
    runsIn: 'sandboxed preload',
    mayImport: ['electron', 'src-main/contract'],
    message: 'src-preload may import only electron and the contract.'
  },
  {
    folder: 'src-preload/web-bridge.ts',
    runsIn: 'browser (web mode)',
    mayImport: ['src-main/contract'],
    message: 'The web bridge runs in a plain browser: it may import only the contract.'
  },
  {
    folder: 'src-renderer',
    runsIn: 'browser (Electron renderer and web mode)',
    mayImport: ['npm', 'src-main/contract'],
    message:
      'src-renderer may import only libraries and the contract from src-main; no Node, electron, core or preload.'
  }
]

/** Deepest folder nesting below a row's folder that the generated rules cover. */
export const maxDepth = 8

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'))
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const isPath = (entry) => entry.startsWith('src-') || entry === 'package.json'
const isFileRow = (row) => /\.[a-z]+$/.test(row.folder)
const dirOf = (path) => path.split('/').slice(0, -1).join('/')

/** Relative path from folder `from` to repository path `to` (both without trailing slashes). */
const relativePath = (from, to) => {
  const a = from.split('/')
  const b = to.split('/')
  let common = 0
  while (common < a.length && common < b.length && a[common] === b[common]) common += 1
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/')
}

/**
 * The regex (source) a specifier must match to be allowed in a file `depth` folders below the row's
 * folder. Relative specifiers are resolved exactly because the depth is known: `depth` climbs reach
 * the row's folder, and from there the relative path to each allowed folder follows.
 */
export const allowedSpecifier = (row, depth) => {
  const allowed = []
  const packages = row.mayImport.filter(
    (entry) => !isPath(entry) && !['node', 'npm'].includes(entry)
  )
  if (row.mayImport.includes('npm')) {
    // Any package that is neither a builtin nor electron (those have their own entries).
    allowed.push(`(?!node:|electron(?:/|$)|(?:${nodeBuiltins.map(escape).join('|')})(?:/|$))[^./]`)
  }
  for (const name of packages) allowed.push(`${escape(name)}(?:/|$)`)
  if (row.mayImport.includes('node')) {
    allowed.push('node:', `(?:${nodeBuiltins.map(escape).join('|')})(?:/|$)`)
  }
  const base = isFileRow(row) ? dirOf(row.folder) : row.folder
  if (!isFileRow(row)) {
    // Inside the row's own folder: `./x`, or at most `depth` climbs and then a name.
    allowed.push('\\./', depth > 0 ? `(?:\\.\\./){1,${depth}}(?!\\.\\./)` : '(?!)')
  }
  for (const target of row.mayImport.filter(isPath)) {
    allowed.push(`(?:\\.\\./){${depth}}${escape(relativePath(base, target))}(?:/|$)`)
  }
  return `^(?:${allowed.join('|')})`
}

/** The regex (source) of the specifiers refused in a file `depth` folders below the row's folder. */
export const refusedSpecifier = (row, depth) => `^(?!${allowedSpecifier(row, depth).slice(1)}).*`

/** ESLint flat-config entries for every row at every depth (later rows override earlier ones). */
export const layeringConfigs = () =>
  layeringRows.flatMap((row) =>
    (isFileRow(row) ? [0] : Array.from({ length: maxDepth + 1 }, (_, depth) => depth)).map(
      (depth) => ({
        files: isFileRow(row) ? [row.folder] : [`${row.folder}/${'*/'.repeat(depth)}*.{ts,tsx}`],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: [
                { regex: refusedSpecifier(row, depth), caseSensitive: true, message: row.message }
              ]
            }
          ]
        }
      })
    )
  )
