import {describe, expect, it} from 'vitest'

import {activeLoggers, injectorLogLevel, levelPlan, loggingQueries} from '../../src/admin/logging.js'

describe('log levels', () => {
  const known = activeLoggers('active loggers:\n  admin: info\n  http: warning\n  http2: warning\n  router: info\n')

  it('reads logger names from Envoy’s answer', () => {
    expect([...known]).toEqual(['admin', 'http', 'http2', 'router'])
  })

  it.each([
    ['info', ['level=info']],
    ['http:debug,router=trace', ['http=debug', 'router=trace']],
    ['warn', ['level=warning']],
    ['http:debug,info', ['level=info']],
    ['info,http:debug', ['level=info', 'http=debug']],
    ['level:error,http:debug', ['level=error', 'http=debug']],
    ['envoy::http:debug', ['http=debug']],
    ['http:debug,http:error', ['http=error']],
    ['', []],
  ])('--level %s → %j', (spec, queries) => {
    expect(loggingQueries(levelPlan(spec, undefined, known))).toEqual(queries)
  })

  it('checks names against what Envoy knows, exactly (not as a substring of its answer)', () => {
    expect(() => levelPlan('htt:debug', undefined, known)).toThrow('unrecognized logger name: htt')
    expect(() => levelPlan('xxx:yyy', undefined, known)).toThrow('unrecognized logger name: xxx')
    expect(() => levelPlan('http:yyy', undefined, known)).toThrow('unrecognized logging level: yyy')
    expect(() => levelPlan('http::debug', undefined, known)).toThrow('expected <logger>:<level> in --level, got "http::debug"')
  })

  it('--reset sets every logger to the level it resets to', () => {
    expect(loggingQueries(levelPlan(undefined, 'warning', known))).toEqual(['level=warning'])
    expect(loggingQueries(levelPlan(undefined, 'info', known))).toEqual(['level=info'])
  })

  it.each([
    ['{"global":{"proxy":{"logLevel":"info"}}}', 'info'],
    ['{"global":{"proxy":{"logLevel":"warn"}}}', 'warning'],
    ['{"global":{"proxy":{"logLevel":"loud"}}}', undefined],
    ['{"global":{}}', undefined],
    ['not json', undefined],
    [undefined, undefined],
  ])("the injector's values %s give the reset level %s", (values, level) => {
    expect(injectorLogLevel(values)).toBe(level)
  })
})
