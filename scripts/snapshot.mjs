#!/usr/bin/env node
// Before/after check for refactors: runs the built CLI for every command × output
// format × bundled fixture and writes each run's stdout, stderr and exit code under
// DIR. `snapshot.mjs DIR` records; `snapshot.mjs DIR --compare OTHER` records and
// then lists every case whose bytes differ from OTHER (exit 1 if any).
import {spawn} from 'node:child_process'
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const cli = join(root, 'bin/run.js')
const [dirArg, flag, otherArg] = process.argv.slice(2)
if (!dirArg || (flag !== undefined && (flag !== '--compare' || !otherArg))) {
  console.error('usage: snapshot.mjs DIR [--compare OTHER_DIR]')
  process.exit(2)
}
const dir = resolve(dirArg)

const CONFIG_DUMPS = ['fixtures/bookinfo-productpage.json', 'fixtures/ingressgateway.json', 'test/support/dumps/sidecar.json']
const CLUSTERS = ['fixtures/bookinfo-productpage-clusters.json', 'test/support/dumps/sidecar-clusters.json']
const FORMATS = ['short', 'wide', 'json', 'yaml', 'name', 'jsonpath={..name}']
const EXTRA = {
  cluster: [['--fqdn', 'reviews'], ['--port', '9080'], ['--direction', 'inbound'], ['--sort-by', '.name'], ['--no-headers']],
  listener: [['--port', '15006'], ['--verbose=false'], ['--type', 'HTTP'], ['--address', '0.0.0.0']],
  route: [['--name', '9080'], ['--verbose=false']],
  eds: [['--status', 'healthy'], ['--port', '9080']],
  endpoint: [['--cluster', 'outbound|9080||reviews.default.svc.cluster.local'], ['--port', '9080']],
  all: [['--with-headers'], ['--verbose=false']],
  bootstrap: [],
  secret: [],
  ecds: [],
}

const cases = []
for (const [command, extras] of Object.entries(EXTRA)) {
  const files = command === 'endpoint' ? CLUSTERS : CONFIG_DUMPS
  for (const file of files) {
    for (const format of FORMATS) cases.push([command, '-f', file, '-o', format])
    for (const extra of extras) cases.push([command, '-f', file, ...extra])
  }
}

function run(argv) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...argv], {cwd: root, env: {...process.env, NO_COLOR: '1'}})
    const out = []
    const err = []
    child.stdout.on('data', (c) => out.push(c))
    child.stderr.on('data', (c) => err.push(c))
    child.on('close', (code) => done(Buffer.concat([Buffer.from(`exit ${code}\n--- stdout\n`), ...out, Buffer.from('\n--- stderr\n'), ...err])))
  })
}

const fileName = (argv) => `${argv.join(' ').replace(/[^\w.=-]+/g, '_')}.txt`

mkdirSync(dir, {recursive: true})
const queue = [...cases]
await Promise.all(
  Array.from({length: 2}, async () => {
    for (let argv = queue.shift(); argv; argv = queue.shift()) writeFileSync(join(dir, fileName(argv)), await run(argv))
  }),
)
console.log(`${cases.length} cases recorded in ${dir}`)

if (otherArg) {
  const other = resolve(otherArg)
  const names = new Set([...readdirSync(dir), ...readdirSync(other)])
  const differ = [...names].filter((n) => {
    try {
      return !readFileSync(join(dir, n)).equals(readFileSync(join(other, n)))
    } catch {
      return true
    }
  })
  for (const n of differ) console.log(`DIFFERS ${n}`)
  console.log(differ.length === 0 ? 'all outputs byte-identical' : `${differ.length} of ${names.size} outputs differ`)
  process.exit(differ.length === 0 ? 0 : 1)
}
