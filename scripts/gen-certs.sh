#!/usr/bin/env bash
# Regenerates the X.509 fixtures in fixtures/certs/ (public certificates only).
# Private keys live in a temporary directory that is deleted on exit: nothing
# needs to sign again later, and the dumps show keys as "[redacted]" anyway.
# After running this, regenerate the dumps (see fixtures/README.md) so their
# inline_bytes match the new certificates.
set -euo pipefail

out="$(cd "$(dirname "$0")/.." && pwd)/fixtures/certs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# `openssl ca` is used instead of `openssl x509 -req` because OpenSSL 3.0 can only
# set explicit start dates (-startdate) there; fixed dates keep VALID CERT stable.
cat >"$work/ca.cnf" <<'EOF'
[ca]
default_ca = fixture_ca

[fixture_ca]
dir = .
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
email_in_dn = no

[anything]
organizationName = optional
commonName = optional

[root_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash

# Istio workload certificates: empty subject, identity only in a critical URI SAN.
[workload_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
authorityKeyIdentifier = keyid
subjectAltName = critical, ${ENV::SAN}

[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid
subjectKeyIdentifier = hash
subjectAltName = ${ENV::SAN}
EOF

cd "$work"
mkdir issued
touch index.txt
export SAN="DNS:unused"

newkey() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null; }

# sign NAME SUBJECT START END EXTENSIONS [SAN]
sign() {
  local name=$1 subject=$2 start=$3 end=$4 ext=$5
  SAN=${6:-DNS:unused}
  openssl rand -hex 16 >serial
  newkey "$name"
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr" 2>/dev/null
  openssl ca -batch -notext -config ca.cnf -cert root-ca.pem -keyfile root-ca.key \
    -startdate "$start" -enddate "$end" -extensions "$ext" \
    -in "$name.csr" -out "$out/$name.pem" 2>/dev/null
}

# The root signs itself, so it is issued with -selfsign and its own key.
openssl rand -hex 16 >serial
newkey root-ca
openssl req -new -key root-ca.key -subj "/O=cluster.local" -out root-ca.csr
openssl ca -batch -notext -selfsign -config ca.cnf -keyfile root-ca.key \
  -startdate 20260101000000Z -enddate 20360101000000Z -extensions root_ext \
  -in root-ca.csr -out root-ca.pem 2>/dev/null
cp root-ca.pem "$out/root-ca.pem"

# Istio issues 24h workload certificates; these expired in January 2026.
sign workload-productpage "/" 20260114090000Z 20260115090000Z workload_ext \
  "URI:spiffe://cluster.local/ns/default/sa/bookinfo-productpage"
sign workload-ingressgateway "/" 20260114090000Z 20260115090000Z workload_ext \
  "URI:spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"

sign gateway-bookinfo "/O=example Inc./CN=bookinfo.example.com" 20260101000000Z 20360101000000Z server_ext \
  "DNS:bookinfo.example.com"
sign expired-legacy "/O=example Inc./CN=legacy.example.com" 20240301000000Z 20250301000000Z server_ext \
  "DNS:legacy.example.com"

for f in "$out"/*.pem; do
  printf '%s\n' "$(basename "$f")"
  openssl x509 -in "$f" -noout -serial -startdate -enddate -ext subjectAltName 2>/dev/null | sed 's/^/  /'
done
