#!/usr/bin/env bash
# Signs in to a running Carnet as the command-line client (carnet-cli: authorization code with PKCE) and prints the
# access token on standard output, for use as "Authorization: Bearer <token>" on POST /graphql.
#
#   ops/login/carnet-login.sh [BASE_URL] [USERNAME]
#
#   BASE_URL  default http://localhost:8080 (or $CARNET_URL)
#   USERNAME  asked for when missing (or $CARNET_USERNAME)
#   password  read from $CARNET_PASSWORD when set, else asked for without echo (never a command-line argument,
#             which other users of the machine could read in the process list)
#
# Needs bash, curl, openssl and python3. Nothing listens on the loopback callback: the redirect that carries the
# code is read from the response instead of being followed. Example:
#
#   TOKEN=$(ops/login/carnet-login.sh http://localhost:8080 dr.weber)
#   curl -s http://localhost:8080/graphql -H "Authorization: Bearer $TOKEN" \
#        -H 'Content-Type: application/json' -d '{"query":"{ me { subject roles } }"}'
set -euo pipefail

die() { echo "carnet-login: $*" >&2; exit 1; }
for tool in curl openssl python3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required"
done

base_url=${1:-${CARNET_URL:-http://localhost:8080}}
base_url=${base_url%/}
username=${2:-${CARNET_USERNAME:-}}
password=${CARNET_PASSWORD:-}
if [[ -z "$username" || -z "$password" ]]; then
  { exec 3</dev/tty; } 2>/dev/null || die "no terminal to ask on: give USERNAME and set CARNET_PASSWORD"
fi
if [[ -z "$username" ]]; then
  read -r -u 3 -p "Username: " username
fi
if [[ -z "$password" ]]; then
  read -r -s -u 3 -p "Password for $username: " password
  echo >&2
fi
[[ -n "$username" && -n "$password" ]] || die "a username and a password are needed"

client_id=carnet-cli
# Any loopback port is accepted for the registered http://127.0.0.1/callback.
redirect_uri="http://127.0.0.1:$((49152 + RANDOM % 16000))/callback"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
verifier=$(openssl rand 48 | b64url)
challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | b64url)
state=$(openssl rand 16 | b64url)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jar="$work/cookies"
umask 077

urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
query_param() { # query_param URL NAME: the decoded value of a query parameter, empty when absent
  python3 -c 'import sys, urllib.parse
values = urllib.parse.parse_qs(urllib.parse.urlsplit(sys.argv[1]).query)
print(values.get(sys.argv[2], [""])[0])' "$1" "$2"
}
# curl: one request, cookies kept, redirects not followed; prints the redirect target.
hop() { curl -sS -o "$work/body" -w '%{http_code} %{redirect_url}\n' -b "$jar" -c "$jar" -H 'Accept: text/html' "$@"; }

authorize_url="$base_url/oauth2/authorize?response_type=code&client_id=$client_id"
authorize_url+="&redirect_uri=$(urlencode "$redirect_uri")&state=$state"
authorize_url+="&code_challenge=$challenge&code_challenge_method=S256"

read -r status location < <(hop "$authorize_url") || die "cannot reach $base_url"
[[ "$status" == 302 && -n "$location" ]] || die "the authorization endpoint answered $status (is $base_url Carnet?)"

read -r status _ < <(hop "$location")
[[ "$status" == 200 ]] || die "the sign-in page answered $status"
csrf=$(python3 -c 'import re, sys
m = re.search(r"name=\"_csrf\"[^>]*value=\"([^\"]+)\"", open(sys.argv[1]).read())
print(m.group(1) if m else "")' "$work/body")
[[ -n "$csrf" ]] || die "no CSRF token on the sign-in page"

# The password goes to curl on standard input, not on its command line.
read -r status location < <(printf '%s' "$password" | hop --data-urlencode "username=$username" \
  --data-urlencode "password@-" --data-urlencode "_csrf=$csrf" "$base_url/login")
[[ "$status" == 302 ]] || die "signing in answered $status"
[[ "$(query_param "$location" error)" == "" && "$location" != *"/login?error"* ]] \
  || die "sign-in refused: wrong username or password, or the account is disabled"

# Back to the authorization endpoint, which redirects to the loopback callback with the code.
for _ in 1 2 3; do
  [[ "$location" == "$redirect_uri"* ]] && break
  read -r status location < <(hop "$location")
  [[ "$status" == 302 ]] || die "the authorization endpoint answered $status after sign-in"
done
[[ "$location" == "$redirect_uri"* ]] || die "no redirect to the callback (got $location)"
[[ "$(query_param "$location" state)" == "$state" ]] || die "the callback carried another state"
error=$(query_param "$location" error)
[[ -z "$error" ]] || die "authorization refused: $error $(query_param "$location" error_description)"
code=$(query_param "$location" code)
[[ -n "$code" ]] || die "no code in the callback"

response=$(curl -sS -X POST "$base_url/oauth2/token" -H 'Accept: application/json' \
  --data-urlencode grant_type=authorization_code --data-urlencode "code=$code" \
  --data-urlencode "redirect_uri=$redirect_uri" --data-urlencode "client_id=$client_id" \
  --data-urlencode "code_verifier=$verifier")
python3 -c 'import json, sys
answer = json.loads(sys.argv[1])
if "access_token" not in answer:
    sys.exit("carnet-login: the token endpoint refused: " + answer.get("error", "") + " " + answer.get("error_description", ""))
print(answer["access_token"])' "$response"
