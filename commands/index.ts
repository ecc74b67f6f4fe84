import AllCommand from './all.js'
import {AutocompleteCommand, AutocompleteCreateCommand, AutocompleteScriptCommand} from './autocomplete.js'
import BootstrapCommand from './bootstrap.js'
import ClusterCommand from './cluster.js'
import CompletePodsCommand from './complete-pods.js'
import CompletionPodsCommand from './completion-pods.js'
import DiffCommand from './diff.js'
import EcdsCommand from './ecds.js'
import EdsCommand from './eds.js'
import EndpointCommand from './endpoint.js'
import ExplainCommand from './explain.js'
import HelpCommand from './help.js'
import ListenerCommand from './listener.js'
import LogCommand from './log.js'
import RootcaCompareCommand from './rootca-compare.js'
import RouteCommand from './route.js'
import SecretCommand from './secret.js'

export default {
  all: AllCommand,
  autocomplete: AutocompleteCommand,
  'autocomplete:create': AutocompleteCreateCommand,
  'autocomplete:script': AutocompleteScriptCommand,
  bootstrap: BootstrapCommand,
  cluster: ClusterCommand,
  'complete-pods': CompletePodsCommand,
  'completion-pods': CompletionPodsCommand,
  diff: DiffCommand,
  ecds: EcdsCommand,
  eds: EdsCommand,
  endpoint: EndpointCommand,
  explain: ExplainCommand,
  help: HelpCommand,
  listener: ListenerCommand,
  log: LogCommand,
  'rootca-compare': RootcaCompareCommand,
  route: RouteCommand,
  secret: SecretCommand,
}
