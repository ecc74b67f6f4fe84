#!/usr/bin/env node
// Benchmark: proxy-config against the floor (reading and JSON.parse-ing the whole
// file in Node) and against jq, on generated sidecar dumps of ~10 MB, ~100 MB and
// ~700 MB. Prints medians of wall time and peak RSS, the ratios, and whether each
// target of the scale issue holds. Not part of `npm test`: run `npm run bench`.
import {execFileSync, spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const cache = join(root, '.bench')
const reps = Number(process.env.BENCH_REPS ?? 3)
const cli = join(root, 'bin/run.js')

// Services per size, for the Envoy layout (1-space indent) the generator writes.
const SIZES = [
  {label: '10 MB', services: 170},
  {label: '100 MB', services: 1700},
  {label: '700 MB', services: 11800},
]

function ensureTool(bin, pkg) {
  if (spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0) return true
  console.error(`bench: installing ${pkg} from Debian packages`)
  const r = spawnSync('sh', ['-c', `apt-get install -y ${pkg} >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y ${pkg} >/dev/null 2>&1)`])
  return r.status === 0
}

function dumpFor(size) {
  mkdirSync(cache, {recursive: true})
  const file = join(cache, `sidecar-${size.services}.json`)
  if (!existsSync(file)) {
    console.error(`bench: generating ${size.label} dump (${size.services} services)…`)
    // The generator is TypeScript, run through tsx (resolved from the project root).
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-dump.ts', '--services', String(size.services), '--indent', '1', '--out', file], {cwd: root, stdio: 'inherit'})
  }
  return file
}

/** One run under /usr/bin/time: wall seconds, peak RSS in MiB, and whether it succeeded. */
function timed(argv) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', ...argv], {encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'ignore', 'pipe']})
  const last = r.stderr.trim().split('\n').pop() ?? ''
  const [secs, kb] = last.split(' ').map(Number)
  return {ok: r.status === 0, secs, mib: kb / 1024, err: r.status === 0 ? '' : r.stderr.split('\n')[0]}
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function measure(argv, n = reps) {
  const runs = Array.from({length: n}, () => timed(argv))
  if (runs.some((r) => !r.ok)) return {ok: false, err: runs.find((r) => !r.ok).err}
  return {ok: true, secs: median(runs.map((r) => r.secs)), mib: median(runs.map((r) => r.mib))}
}

// Shell out so stdout goes to /dev/null without Node buffering it.
const sh = (cmd) => ['sh', '-c', cmd]
const floor = (file) => [process.execPath, '-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`]
const JQ_SECTION = (suffix) => `.configs[] | select(."@type" | endswith("${suffix}"))`
const jqFor = {
  cluster: `${JQ_SECTION('ClustersConfigDump')} | (.dynamic_active_clusters[]?, .static_clusters[]?) | .cluster | [.name, .type] | @tsv`,
  listener: `${JQ_SECTION('ListenersConfigDump')} | (.dynamic_listeners[]?.active_state.listener, .static_listeners[]?.listener) | select(. != null) | [.name, .address.socket_address.port_value] | @tsv`,
  route: `${JQ_SECTION('RoutesConfigDump')} | (.dynamic_route_configs[]?, .static_route_configs[]?) | .route_config | .name as $n | .virtual_hosts[]? | [$n, .name] | @tsv`,
  eds: `${JQ_SECTION('EndpointsConfigDump')} | (.dynamic_endpoint_configs[]?, .static_endpoint_configs[]?) | .endpoint_config | .cluster_name as $c | .endpoints[]?.lb_endpoints[]? | [$c, .health_status] | @tsv`,
}

const fmt = (m) => (m.ok ? `${m.secs.toFixed(2)} s / ${Math.round(m.mib)} MiB` : `fails (${m.err.slice(0, 40)})`)
const ratio = (a, b) => (a.ok && b.ok && b.secs > 0 ? `${(a.secs / b.secs).toFixed(2)}×` : '-')

if (!existsSync(join(root, 'dist/proxy-config.js'))) execFileSync('npm', ['run', 'build'], {cwd: root, stdio: 'inherit'})
if (!ensureTool('/usr/bin/time', 'time')) throw new Error('bench needs /usr/bin/time (Debian package "time")')
const haveJq = ensureTool('jq', 'jq')

const checks = []
const check = (what, ok, detail) => checks.push(`${ok ? 'PASS' : 'FAIL'}  ${what}  (${detail})`)

const small = join(root, 'fixtures/bookinfo-productpage.json')
const startSmall = measure([process.execPath, cli, 'cluster', '-f', small], 9)
const startHelp = measure([process.execPath, cli, '--help'], 9)
const bareNode = measure([process.execPath, '-e', '0'], 9)
console.log(`\nStartup (median of 9): node itself ${fmt(bareNode)}; cluster on a ${Math.round(statSync(small).size / 1024)} KB dump ${fmt(startSmall)}; --help ${fmt(startHelp)}`)
check('small dump ≤ 250 ms', startSmall.ok && startSmall.secs <= 0.25, fmt(startSmall))
check('--help ≤ 200 ms', startHelp.ok && startHelp.secs <= 0.2, fmt(startHelp))

for (const size of SIZES) {
  const file = dumpFor(size)
  const mb = statSync(file).size / 1e6
  console.log(`\n${size.label} dump: ${mb.toFixed(0)} MB, ${size.services} services (median of ${reps})`)
  const base = measure(floor(file))
  console.log(`  floor: node JSON.parse of the whole file   ${fmt(base)}`)
  const rows = [['command', 'proxy-config', 'vs floor', 'jq', 'jq / ours']]
  for (const [name, args] of [
    ['cluster', ['cluster']],
    ['listener', ['listener']],
    ['route', ['route']],
    ['eds', ['eds']],
    ['all', ['all']],
    ['cluster -o json', ['cluster', '-o', 'json']],
    ['listener -o json', ['listener', '-o', 'json']],
    ['route -o json', ['route', '-o', 'json']],
    ['eds -o json', ['eds', '-o', 'json']],
    ['all -o json', ['all', '-o', 'json']],
  ]) {
    const ours = measure(sh(`${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} ${args.join(' ')} -f ${JSON.stringify(file)} > /dev/null`))
    const jqExpr = jqFor[name]
    const jq = haveJq && jqExpr ? measure(sh(`jq -r '${jqExpr}' ${JSON.stringify(file)} > /dev/null`), size.services > 5000 ? 1 : reps) : {ok: false, err: 'n/a'}
    rows.push([name, fmt(ours), ratio(ours, base), jq.ok ? fmt(jq) : '-', jq.ok && ours.ok ? `${(jq.secs / ours.secs).toFixed(1)}×` : '-'])
    if (size.services === 1700 && name === 'cluster') {
      check('~100 MB: cluster ≤ 1.0× whole-file JSON.parse', ours.ok && base.ok && ours.secs <= base.secs, `${ratio(ours, base)} of ${fmt(base)}`)
      check('~100 MB: cluster ≥ 4× faster than jq', ours.ok && jq.ok && jq.secs / ours.secs >= 4, jq.ok ? `${(jq.secs / ours.secs).toFixed(1)}×` : 'jq missing')
    }
    if (size.services === 11800) {
      check(`~700 MB: ${name} completes`, ours.ok, fmt(ours))
      check(`~700 MB: ${name} peak RSS ≤ 2 GB`, ours.ok && ours.mib <= 2048, fmt(ours))
      if (name === 'cluster') check('~700 MB: cluster ≤ 6 s', ours.ok && ours.secs <= 6, fmt(ours))
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  for (const r of rows) console.log(`  ${r.map((c, i) => c.padEnd(widths[i])).join('   ')}`)
}

await fleetSection()

console.log('\nTargets:')
for (const c of checks) console.log(`  ${c}`)
process.exitCode = checks.some((c) => c.startsWith('FAIL')) ? 1 : 0

/**
 * Many pods live: `cluster -l app=x` over 200 pods of the stand-in cluster
 * (test/support), reading 8 pods at a time against one at a time
 * (--max-concurrency 1). Each stand-in answer can be made late (LATENCY_MS) as
 * through a real API server and kubelet, where the sequential cost is mostly
 * waiting; without latency the runs show the CPU cost alone.
 */
async function fleetSection() {
  const replicas = 200
  console.log(`\nMany pods: cluster -l app=x over ${replicas} stand-in pods (median of ${reps})`)
  const rows = [['answer latency', 'concurrent (8)', 'sequential (1)', 'ratio']]
  for (const latencyMs of [0, 100]) {
    const standIn = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-fleet-stand-in.ts'], {
      cwd: root,
      env: {...process.env, REPLICAS: String(replicas), LATENCY_MS: String(latencyMs)},
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const kubeconfig = await new Promise((resolve, reject) => {
      let out = ''
      standIn.stdout.on('data', (d) => {
        out += d
        if (out.includes('\n')) resolve(out.trim())
      })
      standIn.on('exit', () => reject(new Error('the stand-in cluster did not start')))
    })
    const run = (concurrency) =>
      measure(
        sh(`${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} cluster -l app=x --max-concurrency ${concurrency} --kubeconfig ${JSON.stringify(kubeconfig)} > /dev/null`),
      )
    const concurrent = run(8)
    const sequential = run(1)
    standIn.stdin.end()
    const r = concurrent.ok && sequential.ok ? concurrent.secs / sequential.secs : Number.NaN
    rows.push([`${latencyMs} ms`, fmt(concurrent), fmt(sequential), Number.isNaN(r) ? '-' : `${r.toFixed(2)}`])
    if (latencyMs > 0) {
      check(`${replicas} pods (${latencyMs} ms answers): -l ≤ 1/5 of sequential`, r <= 0.2, `${r.toFixed(2)} = ${fmt(concurrent)} / ${fmt(sequential)}`)
      check(`${replicas} pods: -l peak RSS ≤ 500 MB`, concurrent.ok && concurrent.mib <= 500, fmt(concurrent))
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  for (const r of rows) console.log(`  ${r.map((c, i) => c.padEnd(widths[i])).join('   ')}`)
}
