// Preloaded into a CLI run (`node --require`) by tests of what start-up loads: on exit,
// the Node built-ins the process loaded go to the file LOADED_BUILTINS_FILE names, one per line.
const {writeFileSync} = require('node:fs')

process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length))
  if (process.env.LOADED_BUILTINS_FILE) writeFileSync(process.env.LOADED_BUILTINS_FILE, builtins.join('\n'))
})
