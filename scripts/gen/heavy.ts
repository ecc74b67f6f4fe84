import type {Extension, FilterChain} from './envoy.js'
import {HTTP_APPS, spiffe} from './fragments.js'
import {type InternalService, NAMESPACES, type Service} from './mesh.js'
import {TYPE} from './type-urls.js'

// The listener-heavy sidecar (`--listener-heavy`): the shape of a sidecar in a large
// mesh that scale problems are reported on, where listeners are more than half of
// the dump. Generated services listen on many ports (so there are many listeners),
// every HTTP service gets its own filter chains on its port's listener, and each of
// those chains carries large HTTP filter configs (RBAC, JWT, Lua), as meshes with
// authorization policies and request authentication have.

/** How many distinct ports generated HTTP services are spread over: one 0.0.0.0_<port> listener each. */
const PORT_SPREAD = 64
const FIRST_PORT = 20000

/** The port a generated service's HTTP port moves to, so listeners number in the dozens. */
export const spreadPort = (index: number): number => FIRST_PORT + (index % PORT_SPREAD)

/** A principal list as AuthorizationPolicies produce them: every namespace's default service account plus the caller's. */
function principals(svc: InternalService): {authenticated: {principal_name: {exact: string}}}[] {
  return [...NAMESPACES.map((ns) => spiffe(ns, 'default')), spiffe(svc.ns, svc.sa)].map((p) => ({authenticated: {principal_name: {exact: p}}}))
}

const METHODS = ['GET', 'POST', 'DELETE']

function rbac(svc: InternalService): Extension {
  const policies: Record<string, unknown> = {}
  for (const [i, method] of METHODS.entries()) {
    policies[`ns[${svc.ns}]-policy[${svc.name}-${method.toLowerCase()}]-rule[${i}]`] = {
      permissions: [
        {
          and_rules: {
            rules: [
              {or_rules: {rules: [{header: {name: ':method', string_match: {exact: method}}}]}},
              {or_rules: {rules: [{url_path: {path: {prefix: `/api/v${1 + (i % 3)}/${svc.name}/`}}}, {url_path: {path: {exact: `/healthz/${svc.name}`}}}]}},
            ],
          },
        },
      ],
      principals: [{and_ids: {ids: [{or_ids: {ids: principals(svc)}}]}}],
    }
  }
  return {
    name: 'envoy.filters.http.rbac',
    typed_config: {'@type': TYPE.rbac, rules: {policies}, shadow_rules_stat_prefix: `istio_dry_run_allow_${svc.name}_`},
  }
}

function jwtAuthn(svc: InternalService): Extension {
  const issuer = `https://auth.${svc.ns}.example.com`
  // A JWKS as RequestAuthentication inlines it: a public RSA key, padded to a realistic modulus length.
  const modulus = Buffer.from(`${svc.host}:`.repeat(24)).toString('base64url')
  const jwks = JSON.stringify({keys: [{kty: 'RSA', e: 'AQAB', kid: `${svc.name}-2026`, alg: 'RS256', n: modulus}]})
  return {
    name: 'envoy.filters.http.jwt_authn',
    typed_config: {
      '@type': TYPE.jwtAuthn,
      providers: {
        [`origins-${svc.name}`]: {
          issuer,
          audiences: [svc.host, `${svc.name}.${svc.ns}`],
          local_jwks: {inline_string: jwks},
          payload_in_metadata: issuer,
          forward: true,
        },
      },
      rules: [{match: {prefix: '/'}, requires: {requires_any: {requirements: [{provider_name: `origins-${svc.name}`}, {allow_missing: {}}]}}}],
      bypass_cors_preflight: true,
    },
  }
}

function lua(svc: InternalService): Extension {
  const code = [
    'function envoy_on_request(request_handle)',
    `  request_handle:headers():add("x-${svc.name}-route", "${svc.host}")`,
    '  local path = request_handle:headers():get(":path")',
    '  if path ~= nil and string.find(path, "/internal/") then',
    '    request_handle:respond({[":status"] = "403"}, "forbidden")',
    '  end',
    'end',
    'function envoy_on_response(response_handle)',
    `  response_handle:headers():add("x-served-by", "${svc.name}.${svc.ns}")`,
    'end',
  ].join('\n')
  return {name: 'envoy.filters.http.lua', typed_config: {'@type': TYPE.lua, default_source_code: {inline_string: code}}}
}

/** The HTTP filters an authorization-heavy service adds in front of the HCM's usual ones. */
export function heavyHttpFilters(svc: Service): Extension[] {
  return svc.external ? [] : [jwtAuthn(svc), rbac(svc), lua(svc)]
}

/**
 * A service's own chains on a shared listener: its cluster IP and port, over mTLS and
 * in plaintext, each with an HCM built by `hcm` from the extra filters.
 */
export function serviceChains(svc: Service, port: number, hcm: (extra: Extension[]) => Extension, tls: Extension): FilterChain[] {
  if (svc.external) return []
  const match = {prefix_ranges: [{address_prefix: svc.ip, prefix_len: 32}], destination_port: port}
  const filters = [hcm(heavyHttpFilters(svc))]
  return [
    {
      filter_chain_match: {...match, transport_protocol: 'tls', application_protocols: ['istio', 'istio-http/1.1', 'istio-h2']},
      filters,
      transport_socket: tls,
      name: `${svc.host}_${port}_mtls`,
    },
    {filter_chain_match: {...match, transport_protocol: 'raw_buffer', application_protocols: HTTP_APPS}, filters, name: `${svc.host}_${port}`},
  ]
}
