#!/usr/bin/env bash
# Tests scripts/readership without Cloudflare: a stand-in curl (OIM_CURL) records what the
# script sends and answers with the recorded answer of crates/build/tests/fixtures; the script
# must send the query to the account's SQL API with the token in a header, print the report,
# and stop with a clear message without credentials or on an error answer.
#   bash tests/tools/readership.sh     prints "N passed, M failed"
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT" || exit 1

passed=0 failed=0
ok() { passed=$((passed + 1)); printf '  ok    %s\n' "$1"; }
ko() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$1"; [ $# -gt 1 ] && printf '        %s\n' "${@:2}"; }
contains() { grep -qF -- "$2" <<<"$1"; }

# The stand-in: saves its arguments and stdin (the header), writes the answer to --output and
# prints the status for --write-out.
cat >"$TMP/curl" <<'STANDIN'
#!/usr/bin/env bash
printf '%s\n' "$@" >"$CURL_LOG.args"
cat >"$CURL_LOG.stdin"
while [ $# -gt 0 ]; do
  case $1 in --output) out=$2; shift ;; esac
  shift
done
cp "$CURL_ANSWER" "$out"
printf '%s' "$CURL_STATUS"
STANDIN
chmod +x "$TMP/curl"

echo "scripts/readership"
run() {
  out=$(env CLOUDFLARE_ACCOUNT_ID=0123456789abcdef0123456789abcdef OIM_ANALYTICS_TOKEN=tok-secret \
    OIM_CURL="$TMP/curl" CURL_LOG="$TMP/call" "$@" scripts/readership 2>&1 </dev/null)
  rc=$?
}
run CURL_ANSWER=crates/build/tests/fixtures/readership-answer.json CURL_STATUS=200 TOP=3
args=$(cat "$TMP/call.args" 2>/dev/null)
if [ "$rc" = 0 ]; then ok "exits 0 on a 200 answer"; else ko "exits 0 on a 200 answer" "$out"; fi
if contains "$args" "https://api.cloudflare.com/client/v4/accounts/0123456789abcdef0123456789abcdef/analytics_engine/sql"
then ok "posts to the account's Analytics Engine SQL API"; else ko "posts to the SQL API" "$args"; fi
if contains "$args" "SUM(_sample_interval) AS views FROM oim_maroc_readership WHERE timestamp > NOW() - INTERVAL '30' DAY"
then ok "sends the query for wrangler.toml's dataset over 30 days"; else ko "sends the query" "$args"; fi
if ! contains "$args" "tok-secret" && [ "$(cat "$TMP/call.stdin")" = "Authorization: Bearer tok-secret" ]
then ok "the token goes in a header on stdin, never in the arguments"; else ko "the token stays off the command line" "$args"; fi
if contains "$out" "fr: 770 views of 4 pages" && contains "$out" "       450        38  /actualites/salemm/" \
   && contains "$out" "ar: 126 views of 2 pages"
then ok "prints the most read pages per language"; else ko "prints the report" "$out"; fi
if [ "$(grep -c '  /' <<<"$out")" = 7 ]; then ok "TOP=3 keeps at most 3 pages per language"; else ko "TOP=3" "$out"; fi

run CURL_ANSWER=/dev/null CURL_STATUS=200 DAYS=7
if contains "$(cat "$TMP/call.args")" "INTERVAL '7' DAY"; then ok "DAYS=7 asks for 7 days"; else ko "DAYS=7" "$(cat "$TMP/call.args")"; fi

echo '{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}' >"$TMP/denied.json"
run CURL_ANSWER="$TMP/denied.json" CURL_STATUS=403
if [ "$rc" != 0 ] && contains "$out" "answered 403" && contains "$out" "Authentication error"
then ok "an error answer fails with its status and text"; else ko "an error answer fails" "rc=$rc" "$out"; fi

out=$(env -u CLOUDFLARE_ACCOUNT_ID -u OIM_ANALYTICS_TOKEN OIM_CURL=false scripts/readership 2>&1 </dev/null); rc=$?
if [ "$rc" != 0 ] && contains "$out" "OIM_ANALYTICS_TOKEN" && contains "$out" "Account Analytics > Read"
then ok "without credentials it says which token to make"; else ko "without credentials" "rc=$rc" "$out"; fi

echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
