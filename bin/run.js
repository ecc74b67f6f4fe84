#!/usr/bin/env node
import {commandLine, execute} from '../dist/proxy-config.js'

await execute({dir: import.meta.url, args: await commandLine(process.argv.slice(2))})
