#!/usr/bin/env node
import {execute} from '../dist/proxy-config.js'

await execute({dir: import.meta.url})
