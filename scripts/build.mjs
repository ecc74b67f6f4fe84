#!/usr/bin/env node
// Build: bundle the CLI (our code and oclif) into dist/ with esbuild, write oclif's
// command manifest, from which --help and command lookup answer, copy the
// committed Envoy schema next to the bundle (src/ is not published), and record V8's
// code cache for the bundle. Type-checking is tsc's job (`npm test` runs it).
import {execFileSync} from 'node:child_process'
import {copyFileSync, existsSync, rmSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {build} from 'esbuild'

import {autocompleteImports, dependencyEdits, lazyCommands} from './bundle-edits.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const kubeClient = join(root, 'src/kube/client.ts')
rmSync(dist, {recursive: true, force: true})
// oclif reads an existing manifest instead of the commands; it must be made anew.
rmSync(join(root, 'oclif.manifest.json'), {force: true})

// import() is lowered to require(): the bundle runs as a vm.Script, where Node 20 offers import() only behind a flag.
const common = {bundle: true, format: 'cjs', platform: 'node', target: 'node20', supported: {'dynamic-import': false}, logLevel: 'warning'}

// CommonJS, not ESM: Node 20 can reuse V8's compiled code only for scripts (vm.Script's
// cachedData), and compiling is most of a short run's start-up (see bin/run.js).
await build({
  ...common,
  entryPoints: [join(root, 'commands/main.ts')],
  outfile: join(dist, 'cli.cjs'),
  // Runtime dependencies stay in node_modules, loaded when first used; oclif is bundled
  // because it is on every start-up path. TypeScript tooling is only reached for in oclif's development mode.
  external: ['axios', 'jsonpath-plus', 'tar-stream', 'typescript', 'tsx', 'ts-node'],
  plugins: [kubeClientApart(), lazyCommands(root), dependencyEdits(root), autocompleteImports(root)],
  // The schema loader finds its file next to the running module.
  define: {'import.meta.url': '__moduleUrl'},
  banner: {js: "const __moduleUrl = require('node:url').pathToFileURL(__filename).href;"},
})

// The Kubernetes client (the parts src/kube/client.ts names) is a bundle of its own,
// required only by live commands: loading its ~1000 files took 1.7 s before a live
// command's first request, and inside the main bundle its 5 MB would be read on every start.
await build({...common, entryPoints: [kubeClient], outfile: join(dist, 'kube-client.cjs')})

copyFileSync(join(root, 'src/proto/envoy-schema.json'), join(dist, 'envoy-schema.json'))

const {Config} = createRequire(import.meta.url)(join(dist, 'cli.cjs'))
const config = await Config.load(root)
const plugin = config.getPluginsList().find((p) => p.isRoot)
writeFileSync(join(root, 'oclif.manifest.json'), `${JSON.stringify(plugin.manifest, null, 2)}\n`)

// The code cache holds what V8 compiled while running the most common paths (help, a
// table from a file); bin/run.js hands it back to V8, which skips compiling those parts.
const fixture = join(root, 'fixtures/bookinfo-productpage.json')
if (existsSync(fixture)) {
  execFileSync(process.execPath, [join(root, 'bin/run.js')], {
    env: {...process.env, PROXY_CONFIG_WARM_UP: JSON.stringify([['--help'], ['cluster', '--help'], ['cluster', '-f', fixture], ['listener', '-f', fixture]])},
    stdio: 'ignore',
  })
}

/** Leaves src/kube/client.ts out of the main bundle: it is required, at run time, from the separate bundle beside it. */
function kubeClientApart() {
  return {
    name: 'kube-client-apart',
    setup(b) {
      b.onResolve({filter: /^\.\/client\.js$/}, ({resolveDir}) => (join(resolveDir, 'client.ts') === kubeClient ? {path: './kube-client.cjs', external: true} : undefined))
    },
  }
}
