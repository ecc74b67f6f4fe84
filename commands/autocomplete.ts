/**
 * The shell-completion commands of @oclif/plugin-autocomplete, bundled with ours instead
 * of loaded as an oclif plugin. As a plugin it was an ES module that oclif import()s,
 * which the code-cached bundle cannot do on Node 20 (see bin/run.js), and finding it cost
 * every start a package lookup. The package exports none of its command files, hence the
 * paths into it.
 */
export {default as AutocompleteCreateCommand} from '../node_modules/@oclif/plugin-autocomplete/lib/commands/autocomplete/create.js'
export {default as AutocompleteCommand} from '../node_modules/@oclif/plugin-autocomplete/lib/commands/autocomplete/index.js'
export {default as AutocompleteScriptCommand} from '../node_modules/@oclif/plugin-autocomplete/lib/commands/autocomplete/script.js'
