// How the bundle (scripts/build.mjs) serves some of its dependencies' files.
import {readFileSync} from 'node:fs'
import {dirname, join, relative} from 'node:path'

/**
 * Edits to the files of oclif (and one of its dependencies) as they are bundled,
 * each checked: the build stops when the text an edit expects is gone (an update),
 * so that none lapses unnoticed. Each saves start-up time, which is most of a short
 * command's time, without changing what the CLI prints:
 *
 * - oclif sorts each plugin's command ids with localeCompare, and that first use of
 *   ICU's collator costs ~6 ms of every start. Our ids are lower-case ASCII words and
 *   dashes, which compare the same by code unit.
 * - Modules that oclif requires on every start but uses only on some paths are
 *   required when first used instead (through a proxy standing for the module): the
 *   `debug` package (only with DEBUG set: see src/cli/logger.ts), supports-color with
 *   tty and net (coloured help), tinyglobby with fdir and picomatch (command discovery by file
 *   pattern; ours are listed), minimatch (plugins named by pattern), ejs (help and
 *   update URLs with templates), child_process (Windows shells), perf_hooks
 *   (OCLIF_PERFORMANCE), readline (piped flag values), and fs/promises (TypeScript
 *   sources in development). Several milliseconds of start-up.
 * - oclif measures the terminal's width and picks its spinner when first loaded,
 *   which sets up stdout and stderr (for a pipe, with net: over a millisecond each)
 *   whether or not anything is written to them: both are done when first asked for.
 * - To tell WSL from Linux, oclif asks wsl-utils, which loads child_process and
 *   PowerShell helpers only to pass on is-wsl's answer: is-wsl is asked.
 * - oclif reads its JSON files (the command manifest, a theme) with fs/promises:
 *   opening, sizing, reading and closing each a trip through the thread pool, about
 *   a millisecond for the manifest. They are small and read at once instead.
 * - Each command's run hands oclif's configuration to it again, and the logger it
 *   makes then (loading `debug`) is dropped unused when one is set: it is made only
 *   when none is.
 * - Help renders every text it prints through ejs, which compiles a function for
 *   each (~5 ms for the root help); a text without ejs's delimiters, which ejs gives
 *   back unchanged, is printed as it is.
 * - Help wraps its text with wrap-ansi, which measures every word with string-width
 *   (stripping ANSI codes, replacing emoji through a large regular expression, then
 *   counting code points): a word of printable ASCII is as wide as it is long.
 */
export function dependencyEdits(root) {
  const sort = ['.sort((a, b) => a.id.localeCompare(b.id))', '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))']
  const deferred = (line) => [line, line.replace(/= (.*);$/, '= __deferred(() => $1);')]
  const oclif = {
    'config/config.js': [deferred('const ejs_1 = __importDefault(require("ejs"));')],
    'config/plugin-loader.js': [deferred('const minimatch_1 = require("minimatch");')],
    'config/plugin.js': [sort, deferred('const tinyglobby_1 = require("tinyglobby");')],
    'config/ts-path.js': [deferred('const promises_1 = require("node:fs/promises");')],
    'help/util.js': [
      deferred('const ejs_1 = __importDefault(require("ejs"));'),
      ['return ejs_1.default.render(t, context);', 'return /<%|%>/.test(t) ? ejs_1.default.render(t, context) : t;'],
    ],
    'logger.js': [
      deferred('const debug_1 = __importDefault(require("debug"));'),
      ['    else {\n        set(makeLogger(OCLIF_NS));', "    else if (!cachedLoggers.has('root')) {\n        set(makeLogger(OCLIF_NS));"],
    ],
    'parser/parse.js': [deferred('const node_readline_1 = require("node:readline");')],
    'performance.js': [deferred('const node_perf_hooks_1 = require("node:perf_hooks");')],
    'util/fs.js': [["const contents = await (0, promises_1.readFile)(path, 'utf8');", "const contents = (0, node_fs_1.readFileSync)(path, 'utf8');"]],
    'util/os.js': [
      deferred('const node_child_process_1 = require("node:child_process");'),
      ["(await import('wsl-utils')).isWsl ? 'wsl'", "(await import('is-wsl')).default ? 'wsl'"],
    ],
    'ux/supports-color.js': [deferred('const supports_color_1 = require("supports-color");')],
    'ux/index.js': [
      ['const ACTION_TYPE = (Boolean(process.stderr.isTTY) &&', 'let action;\nconst actionType = () => (Boolean(process.stderr.isTTY) &&'],
      [
        "exports.action = ACTION_TYPE === 'spinner' ? new spinner_1.default() : new simple_1.default();",
        "const makeAction = () => (action ??= actionType() === 'spinner' ? new spinner_1.default() : new simple_1.default());\nObject.defineProperty(exports, 'action', { enumerable: true, get: makeAction });",
      ],
      ['    action: exports.action,', '    get action() {\n        return makeAction();\n    },'],
    ],
    'screen.js': [
      [
        'exports.stdtermwidth = columns || termwidth(process.stdout);\nexports.errtermwidth = columns || termwidth(process.stderr);',
        [
          'let stdtermwidth, errtermwidth;',
          "Object.defineProperty(exports, 'stdtermwidth', { enumerable: true, get: () => (stdtermwidth ??= columns || termwidth(process.stdout)) });",
          "Object.defineProperty(exports, 'errtermwidth', { enumerable: true, get: () => (errtermwidth ??= columns || termwidth(process.stderr)) });",
        ].join('\n'),
      ],
    ],
  }
  const edits = {
    ...Object.fromEntries(Object.entries(oclif).map(([file, list]) => [`@oclif/core/lib/${file}`, list])),
    'string-width/index.js': [['\tstring = stripAnsi(string);\n', '\tif (/^[\\x20-\\x7e]*$/.test(string)) {\n\t\treturn string.length;\n\t}\n\n\tstring = stripAnsi(string);\n']],
  }
  // Property reads are all oclif makes of these modules; the proxy answers them from the module, loaded on the first.
  const helper = [
    'function __deferred(load) {',
    '  let value;',
    '  const loaded = () => (value ??= load());',
    '  return new Proxy({}, {get: (_, key) => loaded()[key], has: (_, key) => key in loaded()});',
    '}',
  ].join('\n')
  return {
    name: 'dependency-edits',
    setup(b) {
      const modules = join(root, 'node_modules')
      b.onLoad({filter: /[\\/]node_modules[\\/].*\.js$/}, ({path}) => {
        const file = relative(modules, path).replaceAll('\\', '/')
        if (!edits[file]) return undefined
        let source = readFileSync(path, 'utf8')
        for (const [from, to] of edits[file]) {
          if (!source.includes(from)) throw new Error(`${path} no longer holds \`${from}\`: review dependencyEdits in scripts/bundle-edits.mjs`)
          source = source.replace(from, to)
        }
        return {contents: source.includes('__deferred(') ? `${source}\n${helper}\n` : source, loader: 'js'}
      })
    },
  }
}

/**
 * @oclif/plugin-autocomplete's imports, served lighter: its commands are bundled
 * (commands/autocomplete.ts), so their modules load on every start.
 * - oclif's index, whose first load checks the Node version with semver (a few ms):
 *   its imports come from oclif's subpaths instead, as ours do; should it import
 *   anything else, the build fails on the missing export.
 * - `debug`, which it sets up when loaded (with tty and net) to log one failure: it is
 *   required when a message is first logged.
 * - ansis as an ES module, a second copy beside the CommonJS one oclif loads: it gets that one.
 */
export function autocompleteImports(root) {
  const modules = {
    '@oclif/core': [
      "export * as Args from '@oclif/core/args'",
      "export * as Flags from '@oclif/core/flags'",
      "export {Command} from '@oclif/core/command'",
      "export {ux} from '@oclif/core/ux'",
    ].join('\n'),
    debug: "module.exports = (namespace) => { let log; return (...args) => (log ??= require('debug')(namespace))(...args) }",
    ansis: "module.exports = require('ansis')",
  }
  return {
    name: 'autocomplete-imports',
    setup(b) {
      b.onResolve({filter: /^(@oclif\/core|debug|ansis)$/}, ({path, importer}) =>
        /[\\/]@oclif[\\/]plugin-autocomplete[\\/]/.test(importer) ? {path, namespace: 'autocomplete-imports'} : undefined,
      )
      b.onLoad({filter: /.*/, namespace: 'autocomplete-imports'}, ({path}) => ({contents: modules[path], loader: 'js', resolveDir: root}))
    },
  }
}

/**
 * Each command's modules are initialised when oclif first asks for that command,
 * not on every start (help answers from the manifest and asks for none): main.ts's
 * commands/index.ts is served as an object whose properties require their command
 * when read, and esbuild leaves what only commands reach uninitialised until then.
 * About 3 ms of --help. The imports and entries are read as commands/index.ts writes
 * them; the build stops on a line it cannot read.
 */
export function lazyCommands(root) {
  const index = join(root, 'commands/index.ts')
  const unreadable = (what) => new Error(`${index}: cannot read ${what}: review lazyCommands in scripts/bundle-edits.mjs`)
  return {
    name: 'lazy-commands',
    setup(b) {
      b.onResolve({filter: /^\.\/index\.js$/}, ({importer}) => (importer === join(root, 'commands/main.ts') ? {path: index, namespace: 'lazy-commands'} : undefined))
      b.onLoad({filter: /.*/, namespace: 'lazy-commands'}, () => {
        const source = readFileSync(index, 'utf8')
        const imported = new Map()
        for (const [, names, file] of source.matchAll(/^import (\{[^}]*\}|\w+) from '(\.\/[\w-]+)\.js'$/gm)) {
          if (!names.startsWith('{')) imported.set(names, `require('${file}.ts').default`)
          else for (const name of names.slice(1, -1).split(',')) imported.set(name.trim(), `require('${file}.ts').${name.trim()}`)
        }
        const entries = /^export default \{\n([\s\S]*?)\n\}$/m.exec(source)
        if (!entries) throw unreadable('`export default {…}`')
        const getters = entries[1].split('\n').map((line) => {
          const [, id, name] = /^ {2}('[\w:-]+'|\w+): (\w+),$/.exec(line) ?? []
          if (!imported.has(name)) throw unreadable(`\`${line}\``)
          return `  get ${id}() {\n    return ${imported.get(name)}\n  },`
        })
        return {contents: `module.exports = {\n${getters.join('\n')}\n}\n`, loader: 'js', resolveDir: dirname(index)}
      })
    },
  }
}
