// Layer rules: each folder of src/ may import only from folders ranked below it
// (and from itself). The ranking is the architecture described in README.md.
const LAYERS = [
  ['core'],
  ['proto'],
  ['dump'],
  ['model'],
  ['catalog', 'filter'],
  ['kube', 'admin'],
  ['source'],
  ['render'],
  ['explain', 'diff'],
  ['show'],
  ['cli'],
]

const rank = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i])))

const upward = [...rank].map(([name, r]) => {
  const above = [...rank].filter(([, other]) => other >= r && other !== undefined).map(([n]) => n).filter((n) => n !== name && rank.get(n) > r)
  const sameRankOthers = [...rank].filter(([n, other]) => other === r && n !== name).map(([n]) => n)
  const banned = [...above, ...sameRankOthers]
  return {
    name: `no-upward-from-${name}`,
    comment: `src/${name} may only import from layers below it`,
    severity: 'error',
    from: {path: `^src/${name}/`},
    to: {path: `^(src/(${banned.join('|')})/|commands/)`},
  }
})

module.exports = {
  forbidden: [
    {name: 'no-circular', severity: 'error', from: {}, to: {circular: true}},
    {name: 'src-not-into-commands', severity: 'error', from: {path: '^src/'}, to: {path: '^commands/'}},
    {name: 'no-unknown-src-folder', comment: 'every src/ folder has a place in LAYERS', severity: 'error', from: {path: `^src/(?!(${[...rank.keys()].join('|')})/)`}, to: {}},
    ...upward,
  ],
  options: {
    doNotFollow: {path: 'node_modules'},
    exclude: {path: '^(node_modules|dist)/'},
    tsPreCompilationDeps: true,
    tsConfig: {fileName: 'tsconfig.json'},
  },
}
