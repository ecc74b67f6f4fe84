// Generates Envoy admin output for an Istio proxy: `/config_dump?include_eds=true`
// or `/clusters?format=json` (`--help` lists the options; fixtures/README.md the
// commands that made the committed fixtures). The generator lives in scripts/gen/.
import {once} from 'node:events'
import {createWriteStream} from 'node:fs'

import {generate} from './gen/generate.js'
import {GenError} from './gen/mesh.js'
import {HELP, parseOptions} from './gen/options.js'

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2))
  if (opts.help) {
    process.stdout.write(HELP)
    return
  }
  const started = process.hrtime.bigint()
  const out = opts.out ? createWriteStream(opts.out) : process.stdout
  // A reader that stops early (`| head`) is not an error worth a stack trace.
  out.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    process.exit(0)
  })
  const bytes = await generate(opts, out)
  if (opts.out) {
    out.end()
    await once(out, 'finish')
  }
  if (opts.stats) {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const mb = bytes / 1e6
    process.stderr.write(
      `gen-dump: ${mb.toFixed(1)} MB in ${seconds.toFixed(2)} s (${(mb / seconds).toFixed(1)} MB/s), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`,
    )
  }
}

try {
  await main()
} catch (error) {
  if (!(error instanceof GenError)) throw error
  process.stderr.write(`gen-dump: ${error.message}\n`)
  process.exitCode = 2
}
