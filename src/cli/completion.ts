import type {Interfaces} from '@oclif/core'

import {formatCompletions} from '../render/printers/registry.js'
import {visibleCommands} from './not-found.js'

/** What the pod-completion snippet needs to know about the CLI, read from oclif's command list. */
export interface CompletionInputs {
  bin: string
  /** Visible top-level commands and their aliases. */
  commands: string[]
  /** Commands (and aliases) whose first argument is a pod. */
  podCommands: string[]
  /** `-x`/`--name` of every flag of those commands that takes a value: the word after one is not the pod. */
  valueFlags: string[]
  /** The value flags whose value is a file. */
  fileFlags: string[]
  /** What `-o` takes, from the printer registry. */
  outputFormats: string[]
}

/** Flags passed on to `complete-pods`, so the pods listed are those the command would look in. */
const TARGET_FLAGS = ['namespace', 'kubeconfig', 'context']
const FILE_FLAGS = new Set(['file', 'kubeconfig'])
const SAFE = /^[\w-]+$/

export function completionInputs(config: Interfaces.Config): CompletionInputs {
  const visible = visibleCommands(config)
  const names = (c: (typeof visible)[number]) => [c.id, ...c.aliases].filter((n) => SAFE.test(n))
  const podCommands = visible.filter((c) => c.args?.pod !== undefined)
  const valueFlags = new Set<string>()
  const fileFlags = new Set<string>()
  for (const c of podCommands) {
    for (const [name, flag] of Object.entries(c.flags)) {
      if (flag.type !== 'option' || !SAFE.test(name)) continue
      const spellings = [`--${name}`, ...(flag.char ? [`-${flag.char}`] : [])]
      for (const s of spellings) valueFlags.add(s)
      if (FILE_FLAGS.has(name)) for (const s of spellings) fileFlags.add(s)
    }
  }
  return {
    bin: config.bin,
    commands: [...new Set(visible.flatMap(names))].sort(),
    podCommands: [...new Set(podCommands.flatMap(names))].sort(),
    valueFlags: [...valueFlags].sort(),
    fileFlags: [...fileFlags].sort(),
    outputFormats: formatCompletions(),
  }
}

/**
 * A bash or zsh snippet that completes the pod argument with `<bin> complete-pods`
 * (passing on -n, --context and --kubeconfig from the command line; `deployment/<TAB>`
 * lists deployments), namespaces after -n, file names after -f and --kubeconfig, output
 * formats after -o, and hands everything else to the completion that `<bin> autocomplete`
 * installs (commands and flags). Source it after that setup.
 */
export function podCompletionScript(shell: 'bash' | 'zsh', inputs: CompletionInputs): string {
  const {bin} = inputs
  const fn = `_${bin.replace(/\W/g, '_')}_pods`
  const list = (words: string[]) => ` ${words.join(' ')} `
  const target = TARGET_FLAGS.flatMap((f) => [`--${f}`])
  // The blank line first: `autocomplete script` output, appended just before, ends without a newline.
  const header = [
    '',
    `# ${bin}: complete pod names with \`${bin} complete-pods\` (Running pods of the namespace given`,
    `# with -n, else the kubeconfig context's). Printed by \`${bin} completion-pods ${shell}\`;`,
    `# add it to your shell start-up file after the \`${bin} autocomplete ${shell}\` setup line.`,
  ].join('\n')
  const shared = [`  local value_flags='${list(inputs.valueFlags)}' file_flags='${list(inputs.fileFlags)}'`, `  local pod_commands='${list(inputs.podCommands)}'`].join('\n')
  // What TAB lists from the cluster: namespaces after -n; for the pod argument its pods, or with
  // `deployment/` typed the deployments, written after the type as the user typed it.
  const listChoice = `  local list= prefix=
  if [[ $prev == -n || $prev == --namespace ]]; then
    list=namespaces
  elif [[ -n $cmd && -z $pod_given && $cur != -* && $pod_commands == *" $cmd "* && $value_flags != *" $prev "* ]]; then
    list=pods
    if [[ $cur == deploy*/* ]]; then list=deployments prefix=\${cur%%/*}/; fi
  fi`
  const passCase = `${target.join('|')}|-n|-c`
  const passEqual = `${target.map((f) => `${f}=*`).join('|')}|-n?*|-c?*`
  if (shell === 'bash') {
    return `${header}
${fn}() {
  local line=\${COMP_LINE:0:COMP_POINT}
  local -a words
  read -ra words <<< "$line"
  [[ -z $line || $line == *[[:space:]] ]] && words+=("")
  local n=\${#words[@]}
  local cur=\${words[n-1]} prev=
  (( n > 1 )) && prev=\${words[n-2]}
${shared}
  local cmd= pod_given= i w
  local -a pass=()
  for (( i = 1; i < n - 1; i++ )); do
    w=\${words[i]}
    case $w in
      ${passCase}) (( i + 1 < n - 1 )) && pass+=("$w" "\${words[i+1]}") ;;
      ${passEqual}) pass+=("$w") ;;
    esac
    if [[ $value_flags == *" $w "* ]]; then (( i++ )); continue; fi
    [[ $w == -* ]] && continue
    if [[ -z $cmd ]]; then cmd=$w; else pod_given=1; fi
  done
  if [[ $file_flags == *" $prev "* ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
    return
  fi
  if [[ $prev == -o || $prev == --output ]]; then
    COMPREPLY=($(compgen -W '${inputs.outputFormats.join(' ')}' -- "$cur"))
    return
  fi
${listChoice}
  if [[ -n $list ]]; then
    # Each name is compared as a literal prefix and never handed to compgen -W, which would expand $(...) in it.
    local -a names
    local name
    mapfile -t names < <(command ${bin} complete-pods --list "$list" "\${pass[@]}" 2>/dev/null)
    COMPREPLY=()
    for name in "\${names[@]}"; do
      [[ $prefix$name == "$cur"* ]] && COMPREPLY+=("$prefix$name")
    done
    return
  fi
  [[ $value_flags == *" $prev "* ]] && return
  if declare -F _${bin}_autocomplete >/dev/null; then
    _${bin}_autocomplete "$@"
  elif [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W '${inputs.commands.join(' ')}' -- "$cur"))
  fi
}
complete -F ${fn} ${bin}
`
  }
  return `${header}
${fn}() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]}
${shared}
  local cmd= pod_given= i w
  local -a pass
  for (( i = 2; i < CURRENT; i++ )); do
    w=\${words[i]}
    case $w in
      (${passCase}) (( i + 1 < CURRENT )) && pass+=("$w" "\${words[i+1]}") ;;
      (${passEqual}) pass+=("$w") ;;
    esac
    if [[ $value_flags == *" $w "* ]]; then (( i++ )); continue; fi
    [[ $w == -* ]] && continue
    if [[ -z $cmd ]]; then cmd=$w; else pod_given=1; fi
  done
  if [[ $file_flags == *" $prev "* ]]; then
    _files
    return
  fi
  if [[ $prev == -o || $prev == --output ]]; then
    compadd ${inputs.outputFormats.join(' ')}
    return
  fi
${listChoice}
  if [[ -n $list ]]; then
    local -a names
    names=(\${(f)"$(command ${bin} complete-pods --list "$list" "\${pass[@]}" 2>/dev/null)"})
    names=(\${names/#/$prefix})
    compadd -a names
    return
  fi
  [[ $value_flags == *" $prev "* ]] && return 1
  if (( $+functions[_${bin}] )); then
    _${bin} "$@"
  elif [[ -z $cmd ]]; then
    compadd ${inputs.commands.join(' ')}
  fi
}
if (( $+functions[compdef] )); then
  compdef ${fn} ${bin}
else
  print -u2 "${bin}: pod completion needs compinit first (run the ${bin} autocomplete zsh setup before this snippet)"
fi
`
}
