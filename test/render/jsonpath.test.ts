import {describe, expect, it} from 'vitest'

import {renderTemplate} from '../../src/render/jsonpath.js'

const clusters = [
  {name: 'a', type: 'EDS', circuitBreakers: {thresholds: [{maxRetries: 3}]}},
  {name: 'b', type: 'STATIC'},
]

describe('kubectl JSONPath templates', () => {
  it('evaluates relative expressions and joins several results with spaces', () => {
    expect(renderTemplate('{[*].name}', clusters)).toBe('a b')
    expect(renderTemplate('{.[*].type}', clusters)).toBe('EDS STATIC')
    expect(renderTemplate('{$[0].name}', clusters)).toBe('a')
  })

  it('loops with range/end and prints quoted literals', () => {
    expect(renderTemplate('{range [*]}{.name}{"\\t"}{.type}{"\\n"}{end}', clusters)).toBe('a\tEDS\nb\tSTATIC\n')
    expect(renderTemplate('names: {range [*]}[{.name}]{end}', clusters)).toBe('names: [a][b]')
  })

  it('supports filters and prints non-strings as JSON', () => {
    expect(renderTemplate("{[?(@.type=='STATIC')].name}", clusters)).toBe('b')
    expect(renderTemplate('{[0].circuitBreakers.thresholds}', clusters)).toBe('[{"maxRetries":3}]')
  })

  it('reports broken templates as usage errors', () => {
    expect(() => renderTemplate('{range [*]}{.name}', clusters)).toThrow(/range\} without \{end\}/)
    expect(() => renderTemplate('{.name', clusters)).toThrow(/unclosed \{/)
    expect(() => renderTemplate('{end}', clusters)).toThrow(/\{end\} without \{range\}/)
  })
})
