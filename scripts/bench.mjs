#!/usr/bin/env node
// Benchmark: proxy-config on listener-heavy sidecar dumps (scripts/gen, --listener-heavy)
// in Envoy's pretty layout and minified, at ~100 MB and ~700 MB, against floors
// measured in the same run (grep, reading the file, jq), plus start-up and live mode.
// Prints each measurement and each target as PASS/FAIL with its ratio. Not part of
// `npm test`: `npm run bench` (BENCH_SIZES=100 for the ~100 MB dumps only;
// BENCH_REPS=N repetitions, median taken).
//
// Sections are independent functions that return their checks; a new section is
// one more entry in SECTIONS.
import {execFileSync, spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync} from 'node:fs'
import http from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const cache = join(root, '.bench')
const reps = Number(process.env.BENCH_REPS ?? 3)
const cli = join(root, 'bin/run.js')
const node = process.execPath
const sizes = (process.env.BENCH_SIZES ?? '100,700').split(',').map(Number)

// Services per dump, so that each comes out near its nominal size.
const DUMPS = [
  {mb: 100, layout: 'pretty', services: 800},
  {mb: 100, layout: 'minified', services: 1650},
  {mb: 700, layout: 'pretty', services: 5600},
  {mb: 700, layout: 'minified', services: 11500},
]

function ensureTool(bin, pkg) {
  if (spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0) return true
  console.error(`bench: installing ${pkg} from Debian packages`)
  const r = spawnSync('sh', ['-c', `apt-get install -y ${pkg} >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y ${pkg} >/dev/null 2>&1)`])
  return r.status === 0
}

function dumpFor(d) {
  mkdirSync(cache, {recursive: true})
  const file = join(cache, `heavy-${d.layout}-${d.services}.json`)
  if (!existsSync(file)) {
    console.error(`bench: generating the ~${d.mb} MB ${d.layout} dump (${d.services} services)…`)
    const layout = d.layout === 'pretty' ? ['--indent', '1'] : ['--compact']
    execFileSync(node, ['--import', 'tsx', 'scripts/gen-dump.ts', '--listener-heavy', '--services', String(d.services), ...layout, '--out', file], {cwd: root, stdio: 'inherit'})
  }
  return file
}

/** One run under /usr/bin/time (for peak RSS in MiB; wall time by our own clock, finer than its 10 ms). */
function timed(argv) {
  const started = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], {encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'ignore', 'pipe']})
  const secs = Number(process.hrtime.bigint() - started) / 1e9
  const kb = Number(r.stderr.trim().split('\n').pop())
  return {ok: r.status === 0, secs, mib: kb / 1024, err: r.status === 0 ? '' : r.stderr.split('\n')[0]}
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** The median time and peak RSS of some runs, or the first failure among them. */
function summary(runs) {
  if (runs.some((r) => !r.ok)) return {ok: false, err: runs.find((r) => !r.ok).err}
  return {ok: true, secs: median(runs.map((r) => r.secs)), mib: median(runs.map((r) => r.mib))}
}

function measure(argv, n = reps) {
  return summary(Array.from({length: n}, () => timed(argv)))
}

const sh = (cmd) => ['sh', '-c', cmd]
const q = JSON.stringify
const ours = (args, file) => sh(`${q(node)} ${q(cli)} ${args} -f ${q(file)} > /dev/null`)
const fmt = (m) => (m.ok ? `${m.secs.toFixed(2)} s / ${Math.round(m.mib)} MiB` : `fails (${m.err.slice(0, 50)})`)
const x = (a, b) => (a.ok && b.ok && b.secs > 0 ? a.secs / b.secs : Number.NaN)

/** A target: what it says, whether it holds, and the numbers behind it. */
const check = (what, ok, detail) => ({what, ok, detail})

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  for (const r of rows) console.log(`  ${r.map((c, i) => c.padEnd(widths[i])).join('   ')}`)
}

const COMMANDS = [
  ['cluster', 'table'],
  ['listener', 'table'],
  ['route', 'table'],
  ['eds', 'table'],
  ['secret', 'table'],
  ['all', 'table'],
  ['cluster -o json', 'json'],
  ['listener -o json', 'json'],
  ['route -o json', 'json'],
  ['eds -o json', 'json'],
  ['all -o json', 'json'],
]
const JQ_CLUSTER_NAMES = '.configs[] | select(."@type" | endswith("ClustersConfigDump")) | (.dynamic_active_clusters[]?, .static_clusters[]?) | .cluster.name'

const STARTUP_ROUNDS = 15

/**
 * Start-up: --help and a small dump against `node -e 0`, run in turn round after
 * round, so that a busy moment of the machine weighs on all three alike.
 */
function startup() {
  const small = join(root, 'fixtures/bookinfo-productpage.json')
  const argvs = [
    [node, '-e', '0'],
    [node, cli, '--help'],
    [node, cli, 'cluster', '-f', small],
  ]
  const runs = argvs.map(() => [])
  for (let round = 0; round < STARTUP_ROUNDS; round++) {
    for (const [k, argv] of argvs.entries()) runs[k].push(timed(argv))
  }
  const [bare, help, smallDump] = runs.map(summary)
  console.log(
    `\nStart-up (median of ${STARTUP_ROUNDS}, in turn): node -e 0 ${fmt(bare)}; --help ${fmt(help)}; cluster on a ${Math.round(statSync(small).size / 1024)} KB dump ${fmt(smallDump)}`,
  )
  return {
    smallDump,
    checks: [
      check('start-up: --help ≤ 1.5× node -e 0', x(help, bare) <= 1.5, `${x(help, bare).toFixed(2)}× of ${bare.secs.toFixed(2)} s`),
      check('start-up: small-dump cluster ≤ 1.5× node -e 0', x(smallDump, bare) <= 1.5, `${x(smallDump, bare).toFixed(2)}×`),
    ],
  }
}

/** One dump: floors, every command, and the targets for its size. */
function dumpSection(d, smallDump, haveJq) {
  const file = dumpFor(d)
  const mb = statSync(file).size / 1e6
  const n = d.mb >= 700 ? 1 : reps
  console.log(`\n~${d.mb} MB ${d.layout} listener-heavy dump: ${mb.toFixed(0)} MB (median of ${n})`)
  // Through a pipe: GNU grep stops at the first match when its output is /dev/null.
  const grep = measure(sh(`grep -c '"name"' ${q(file)} | cat > /dev/null`), n)
  const chunks = measure([node, '-e', `const fs=require('fs');const b=Buffer.alloc(1<<20);const fd=fs.openSync(${q(file)});while(fs.readSync(fd,b,0,b.length,null)>0);`], n)
  const whole = measure([node, '-e', `require('fs').readFileSync(${q(file)})`], n)
  const jq = haveJq && d.mb < 700 ? measure(sh(`jq -r '${JQ_CLUSTER_NAMES}' ${q(file)} > /dev/null`), n) : {ok: false, err: 'not run'}
  console.log(`  floors: grep -c '"name"' ${fmt(grep)}; read in 1 MiB chunks ${fmt(chunks)}; read into one Buffer ${fmt(whole)}${jq.ok ? `; jq cluster names ${fmt(jq)}` : ''}`)
  const rows = [['command', 'proxy-config', '× grep']]
  const results = {}
  for (const [args] of COMMANDS) {
    const m = measure(ours(args, file), n)
    results[args] = m
    rows.push([args, fmt(m), Number.isNaN(x(m, grep)) ? '-' : `${x(m, grep).toFixed(1)}×`])
  }
  table(rows)
  const checks = []
  const label = `~${d.mb} MB ${d.layout}`
  if (d.mb >= 700) {
    for (const [args, kind] of COMMANDS) {
      const m = results[args]
      const limit = kind === 'json' ? 20 : 10
      checks.push(check(`${label}: ${args} ≤ ${limit}× grep`, x(m, grep) <= limit, `${x(m, grep).toFixed(1)}× of ${grep.secs?.toFixed(2)} s`))
      checks.push(check(`${label}: ${args} peak RSS ≤ 1 GB`, m.ok && m.mib * 1.048576 <= 1000, fmt(m)))
    }
    const secret = results.secret
    const budget = chunks.secs + smallDump.secs + 0.3
    checks.push(
      check(`${label}: secret ≤ one chunked read + small-dump start-up + 0.3 s`, secret.ok && secret.secs <= budget, `${secret.secs?.toFixed(2)} s vs ${budget.toFixed(2)} s`),
    )
  } else {
    const cluster = results.cluster
    checks.push(check(`${label}: cluster ≥ 6× faster than jq listing cluster names`, x(jq, cluster) >= 6, jq.ok ? `${x(jq, cluster).toFixed(1)}×` : 'jq missing'))
    const parts = ['cluster', 'listener', 'route', 'eds', 'secret'].reduce((s, c) => s + (results[c].secs ?? Number.NaN), 0)
    checks.push(check(`${label}: all ≤ the sum of its parts`, results.all.ok && results.all.secs <= parts, `${results.all.secs?.toFixed(2)} s vs ${parts.toFixed(2)} s`))
  }
  return {file, results, checks}
}

/**
 * What a current Envoy answers `cluster`'s request (`/config_dump?mask=…` of the cluster
 * fields): every section, with only the masked fields and its type. Made once per dump
 * with jq (cached in .bench/), in the dump's layout.
 */
function maskedAnswer(file, layout) {
  const out = file.replace(/\.json$/, '.cluster-mask.json')
  if (!existsSync(out)) {
    console.error(`bench: writing what Envoy answers cluster's masked request for ${file}…`)
    const keep = '.key == "@type" or .key == "dynamic_active_clusters" or .key == "dynamic_warming_clusters" or .key == "static_clusters"'
    execFileSync(
      'sh',
      ['-c', `jq ${layout === 'pretty' ? '--indent 1' : '-c'} '{configs: [.configs[] | with_entries(select(${keep}))]}' ${q(file)} > ${q(out)}.tmp && mv ${q(out)}.tmp ${q(out)}`],
      {stdio: 'inherit'},
    )
  }
  return out
}

/**
 * Envoy's admin endpoint, from a process of its own (measure blocks this one). Envoy
 * renders a config dump in memory before it sends it, so the stand-in holds its answers
 * in memory too: `masked` for a request with `mask=` (a current Envoy), the whole dump
 * for any other (an Envoy too old to know `mask=` answers every request with it).
 */
function adminStandIn(file, masked) {
  const code = `const fs=require('fs');const whole=fs.readFileSync(${q(file)});const masked=${masked ? `fs.readFileSync(${q(masked)})` : 'whole'};const s=require('http').createServer((q,r)=>{r.writeHead(200,{'content-type':'application/json'});r.end(q.url.includes('mask=')?masked:whole)});s.listen(0,'127.0.0.1',()=>console.log(s.address().port))`
  const child = spawn(node, ['--max-old-space-size=4096', '-e', code], {stdio: ['ignore', 'pipe', 'inherit']})
  return new Promise((resolve) => child.stdout.once('data', (d) => resolve({server: {close: () => child.kill()}, url: `http://127.0.0.1:${String(d).trim()}`})))
}

/** Milliseconds from spawning a live command until the API server sees its first request. */
async function firstApiRequest() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-kube-'))
  const runs = []
  for (let i = 0; i < 5; i++) {
    let seen
    const server = http.createServer((_req, res) => {
      seen ??= performance.now()
      res.writeHead(404, {'content-type': 'application/json'})
      res.end('{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}')
    })
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    const kubeconfig = join(dir, 'config')
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${server.address().port}\n    insecure-skip-tls-verify: true\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n`,
    )
    const started = performance.now()
    await new Promise((resolve) => spawn(node, [cli, 'cluster', 'p-1', '-n', 'x', '--kubeconfig', kubeconfig], {stdio: 'ignore'}).on('close', resolve))
    server.close()
    if (seen) runs.push((seen - started) / 1000)
  }
  return runs.length ? median(runs) : Number.NaN
}

async function live(fileRuns) {
  const checks = []
  console.log('\nLive')
  const first = await firstApiRequest()
  console.log(`  process start to first API request: ${first.toFixed(2)} s (median of 5)`)
  checks.push(check('live: process start to first API request ≤ 0.4 s', first <= 0.4, `${first.toFixed(2)} s`))
  for (const {file, results, label, layout} of fileRuns) {
    const n = label.startsWith('~700') ? 1 : reps
    const f = results.cluster
    const current = await adminStandIn(file, maskedAnswer(file, layout))
    const m = measure(sh(`${q(node)} ${q(cli)} cluster --admin-url ${current.url} > /dev/null`), n)
    current.server.close()
    const old = await adminStandIn(file)
    const whole = measure(sh(`${q(node)} ${q(cli)} cluster --admin-url ${old.url} > /dev/null`), n)
    old.server.close()
    console.log(`  ${label}: live cluster ${fmt(m)} (Envoy applies the mask); ${fmt(whole)} (an Envoy that sends the whole dump); from the file ${fmt(f)}`)
    checks.push(check(`live ${label}: cluster ≤ file-mode time + 0.5 s`, m.ok && f.ok && m.secs <= f.secs + 0.5, `${m.secs?.toFixed(2)} s vs ${f.secs?.toFixed(2)} s`))
    checks.push(
      check(
        `live ${label}: peak RSS ≤ file-mode + 100 MB, the whole dump streamed`,
        whole.ok && f.ok && whole.mib <= f.mib + 100 / 1.048576,
        `${Math.round(whole.mib)} vs ${Math.round(f.mib)} MiB`,
      ),
    )
  }
  return checks
}

/** Many pods live: `cluster -l` over stand-in replicas, concurrent against sequential. */
async function fleetSection() {
  const checks = []
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
      checks.push(check(`${replicas} pods (${latencyMs} ms answers): -l ≤ 1/5 of sequential`, r <= 0.2, `${r.toFixed(2)} = ${fmt(concurrent)} / ${fmt(sequential)}`))
      checks.push(check(`${replicas} pods: -l peak RSS ≤ 500 MB`, concurrent.ok && concurrent.mib <= 500, fmt(concurrent)))
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  for (const r of rows) console.log(`  ${r.map((c, i) => c.padEnd(widths[i])).join('   ')}`)
  return checks
}

if (!existsSync(join(root, 'dist/cli.cjs'))) execFileSync('npm', ['run', 'build'], {cwd: root, stdio: 'inherit'})
if (!ensureTool('/usr/bin/time', 'time')) throw new Error('bench needs /usr/bin/time (Debian package "time")')
const haveJq = ensureTool('jq', 'jq')

const SECTIONS = [
  async (state) => {
    const s = startup()
    state.smallDump = s.smallDump
    return s.checks
  },
  async (state) => {
    const checks = []
    state.fileRuns = []
    for (const d of DUMPS.filter((d) => sizes.includes(d.mb))) {
      const r = dumpSection(d, state.smallDump, haveJq)
      state.fileRuns.push({file: r.file, results: r.results, layout: d.layout, label: `~${d.mb} MB ${d.layout}`})
      checks.push(...r.checks)
    }
    return checks
  },
  async (state) => live(state.fileRuns),
  async () => fleetSection(),
]

const state = {}
const checks = []
for (const section of SECTIONS) checks.push(...(await section(state)))
console.log('\nTargets:')
for (const c of checks) console.log(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.what}  (${c.detail})`)
process.exitCode = checks.every((c) => c.ok) ? 0 : 1
