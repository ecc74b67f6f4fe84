// Preloaded into a CLI run (`node --require`) by tests that bound its memory: on exit,
// the process's peak resident set size (KiB) goes to the file PEAK_RSS_FILE names.
const {writeFileSync} = require('node:fs')

process.on('exit', () => {
  if (process.env.PEAK_RSS_FILE) writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS))
})
