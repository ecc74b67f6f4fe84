#!/usr/bin/env node
// The launcher. It loads the bundle (dist/cli.cjs) itself rather than with require() so
// that V8 can be handed the code cache the build recorded: with it, V8 skips compiling
// what the common paths run, which is most of a short command's start-up. Node 20 offers
// no such cache for ES modules, hence the CommonJS bundle and this CommonJS file (bin/package.json).
// Should the cache not fit this Node (another V8 version or flags), V8 compiles as usual.
// The bundle is ASCII (esbuild escapes the rest), so it is read as latin1: a copy, no decoding.
'use strict'
const {readFileSync, writeFileSync} = require('node:fs')
const Module = require('node:module')
const {join} = require('node:path')
const {Script} = require('node:vm')

const root = join(__dirname, '..')
const bundle = join(root, 'dist', 'cli.cjs')
const codeCache = `${bundle}.cache`

let cachedData
try {
  cachedData = readFileSync(codeCache)
} catch {
  // No cache (a fresh build, or one whose warm-up has not run yet): compile as usual.
}
// The build lowers import() to require(): a vm.Script cannot import() on Node 20 without a flag.
const script = new Script(Module.wrap(readFileSync(bundle, 'latin1')), {filename: bundle, cachedData})
const cli = new Module(bundle, module)
cli.filename = bundle
cli.paths = Module._nodeModulePaths(join(root, 'dist'))
// oclif requires the bundle again for the commands and hooks (package.json's oclif targets): it gets this instance.
require.cache[bundle] = cli
script.runInThisContext().call(cli.exports, cli.exports, Module.createRequire(bundle), cli, bundle, join(root, 'dist'))
cli.loaded = true

const {commandLine, run} = cli.exports
const warmUp = process.env.PROXY_CONFIG_WARM_UP
void (async () => {
  if (warmUp === undefined) {
    await run(root, await commandLine(process.argv.slice(2)))
    return
  }
  // The build's warm-up: run the common paths, then record what V8 compiled for them.
  for (const args of JSON.parse(warmUp)) await run(root, args)
  writeFileSync(codeCache, script.createCachedData())
})()
