#!/usr/bin/env node
// Build: bundle the CLI (our code and oclif) into dist/ with esbuild, write oclif's
// command manifest so --help and command lookup need not load command code, and
// copy the committed Envoy schema next to the bundle (src/ is not published). Type-checking is tsc's job (`npm test` runs it).
import {copyFileSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {build} from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
rmSync(dist, {recursive: true, force: true})
// oclif reads an existing manifest instead of the commands; it must be made anew.
rmSync(join(root, 'oclif.manifest.json'), {force: true})

await build({
  // Two entries sharing one oclif chunk: the start-up module and the commands oclif loads only to run one.
  entryPoints: {'proxy-config': join(root, 'commands/main.ts'), commands: join(root, 'commands/index.ts')},
  outdir: dist,
  bundle: true,
  // Lazily imported modules (Kubernetes client, YAML, schema) become chunks loaded only when used.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Runtime dependencies stay in node_modules; oclif is bundled because it is on every start-up path, and the
  // Kubernetes client (with the js-yaml it brings) because loading its ~1000 files took 1.7 s before a live
  // command's first request; bundled, it is one lazily loaded chunk.
  // oclif only reaches for TypeScript tooling in development mode.
  external: ['axios', 'jsonpath-plus', 'tar-stream', 'typescript', 'tsx', 'ts-node'],
  // oclif is CommonJS and calls require(); give the ESM bundle one.
  banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
})

const {Config} = await import(pathToFileURL(join(dist, 'proxy-config.js')).href)
const config = await Config.load(root)
const plugin = config.getPluginsList().find((p) => p.isRoot)
writeFileSync(join(root, 'oclif.manifest.json'), `${JSON.stringify(plugin.manifest, null, 2)}\n`)

copyFileSync(join(root, 'src/proto/envoy-schema.json'), join(dist, 'envoy-schema.json'))
