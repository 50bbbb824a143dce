#!/usr/bin/env bash
# Tests the publishing scripts without Cloudflare: the preview alias made from a branch name,
# that preview/publish/rollback stop at once with a clear message when there are no
# credentials, and that the dry runs of scripts/dry-run fail on a broken wrangler.toml (each
# broken copy lives in a temporary folder; the real wrangler.toml is only read).
#   bash tests/tools/deploy_scripts.sh     prints "N passed, M failed"
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT" || exit 1
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); printf '  ok    %s\n' "$1"; }
ko() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$1"; [ $# -gt 1 ] && printf '        %s\n' "${@:2}"; }
contains() { grep -qF -- "$2" <<<"$1"; }

# ---------------------------------------------------------------------------------------------
echo "preview_alias (scripts/lib.sh)"
while IFS='|' read -r branch want; do
  got=$(preview_alias "$branch" oim-maroc)
  if [ "$got" = "$want" ]; then ok "'$branch' -> $want"; else ko "'$branch'" "got $got, expected $want"; fi
done <<'CASES'
main|main
h/ci|h-ci
Feature/Édition de l'accueil|feature-edition-de-l-accueil
19-fix-typo|b-19-fix-typo
--x__y--|x-y
CASES
# Cloudflare's rule: lowercase letters, digits and dashes, a letter first, and
# "<alias>-<worker>" within a DNS label of 63 characters.
valid() { [[ $1 =~ ^[a-z]([a-z0-9-]*[a-z0-9])?$ ]] && [ $((${#1} + 1 + ${#2})) -le 63 ]; }
long_a="team/$(printf 'mise-a-jour-%.0s' {1..8})"
long_b="${long_a}bis"
a=$(preview_alias "$long_a" oim-maroc) b=$(preview_alias "$long_b" oim-maroc)
# 53 = 63 - "-oim-maroc"; one less when the cut falls on a dash, which is dropped.
if valid "$a" oim-maroc && [ "${#a}" -ge 52 ]; then ok "a long branch name is cut to fit the DNS label: $a"
else ko "a long branch name is cut to fit the DNS label" "got $a (${#a})"; fi
if [ "$a" != "$b" ]; then ok "two long names with the same start keep different aliases"
else ko "two long names with the same start keep different aliases" "both $a"; fi
for branch in "___" "2026" "ÉTÉ/Ω" "a" "x-"; do
  got=$(preview_alias "$branch" oim-maroc)
  if valid "$got" oim-maroc; then ok "'$branch' gives a valid alias ($got)"; else ko "'$branch' gives a valid alias" "got '$got'"; fi
done
if [ "$(worker_name)" = oim-maroc ]; then ok "worker_name reads wrangler.toml's name"; else ko "worker_name" "got $(worker_name)"; fi

# ---------------------------------------------------------------------------------------------
echo "without Cloudflare credentials"
# Never with real credentials: these scripts would then really publish or roll back. The
# environment's tokens are removed, and the checks are skipped on a machine logged in with
# `wrangler login`.
no_creds() {
  env -u CLOUDFLARE_API_TOKEN -u CLOUDFLARE_API_KEY -u CLOUDFLARE_EMAIL \
      -u CF_API_TOKEN -u CF_API_KEY -u CF_EMAIL "$@" </dev/null
}
good="$TMP/wrangler.toml"
sed -e 's/00000000-0000-0000-0000-000000000000/3f2b8c1e-9a47-4d2e-b6a1-7c5e0f9d4a21/' \
    -e 's#"http://127.0.0.1:8787"#"https://maroc.iom.int"#' \
    -e 's/site@oim-maroc\.example/site@maroc.iom.int/' -e 's/contact@oim-maroc\.example/equipe@iom.int/' \
    wrangler.toml >"$good"
if no_creds node_modules/.bin/wrangler whoami --json >/dev/null 2>&1; then
  skipped=$((skipped + 3))
  echo "  skip  this machine is logged in to Cloudflare (wrangler login): not running them"
else
  for script in preview publish rollback; do
    start=$SECONDS
    out=$(no_creds WRANGLER_TOML="$good" SITE_URL='' timeout 300 "scripts/$script" 2>&1); rc=$?
    took=$((SECONDS - start))
    if [ "$rc" = 1 ] && contains "$out" "no Cloudflare credentials" && contains "$out" "npx wrangler login" \
       && contains "$out" "CLOUDFLARE_API_TOKEN"; then
      ok "scripts/$script stops in ${took}s and says how to log in"
    else
      ko "scripts/$script stops and says how to log in" "rc=$rc after ${took}s" "$(tail -n 5 <<<"$out")"
    fi
  done
fi

# ---------------------------------------------------------------------------------------------
echo "preview, publish, rollback with a stand-in wrangler"
# A scratch checkout (its own commit, a complete wrangler.toml: scripts/deploy-check is told
# where, as node sees through the scripts/ link) running the real scripts, with
# stand-ins for `wrangler` and `make` that log their arguments: nothing reaches Cloudflare, and
# `make test` is not run again from here.
repo="$TMP/repo" bin="$TMP/bin"
export CALLS="$TMP/calls.log"
mkdir -p "$repo" "$bin"
for f in scripts node_modules package-lock.json Cargo.lock migrations content; do ln -s "$ROOT/$f" "$repo/$f"; done
cp "$good" "$repo/wrangler.toml"
commit() { git -C "$repo" add -A && git -C "$repo" -c user.name=t -c user.email=t@example.org commit -qm "$1"; }
git -C "$repo" init -q && commit one
# The stand-in `make test` leaves what the real one does: a built Worker in build/ (read by
# `scripts/size --room`); a byte each, so the room printed is the whole limit.
printf '#!/usr/bin/env bash\necho "make $*" >>"$CALLS"\nmkdir -p build && printf x >build/index.js && printf x >build/index_bg.wasm\n' >"$bin/make"
cat >"$bin/wrangler" <<'STAND_IN'
#!/usr/bin/env bash
# Logs its arguments and answers, where a script reads the answer, as wrangler 4.86 does.
echo "wrangler $*" >>"$CALLS"
[ "${STAND_IN_FAILS:-}" = "$1 $2" ] && exit 1
case "$1 $2" in
  "versions upload")
    alias=$(sed -n 's/.*--preview-alias \([^ ]*\).*/\1/p' <<<"$*")
    { echo '{"type":"wrangler-session","version":1}'
      echo '{"type":"version-upload","version":1,"worker_name":"oim-maroc","version_id":"11111111-2222-4333-8444-555555555555","preview_url":"https://11111111-oim-maroc.equipe.workers.dev","preview_alias_url":"https://'"$alias"'-oim-maroc.equipe.workers.dev"}'
    } >>"$WRANGLER_OUTPUT_FILE_PATH" ;;
  "versions list")
    echo '[{"id":"aaaaaaaa-0000-4000-8000-000000000001","metadata":{"created_on":"2026-11-01T10:00:00Z"}},
           {"id":"bbbbbbbb-0000-4000-8000-000000000002","metadata":{"created_on":"2026-11-02T10:00:00Z"}}]' ;;
esac
exit 0
STAND_IN
chmod +x "$bin/make" "$bin/wrangler"
# stand_in SCRIPT [VAR=value…]: runs scripts/SCRIPT in the scratch checkout -> out, rc, calls
stand_in() {
  local script=$1
  shift
  : >"$CALLS"
  out=$(env PATH="$bin:$PATH" OIM_WRANGLER="$bin/wrangler" CLOUDFLARE_API_TOKEN=stand-in \
        GITHUB_HEAD_REF="Équipe/Coquille accueil" SITE_URL='' WRANGLER_TOML="$repo/wrangler.toml" \
        "$@" "$repo/scripts/$script" </dev/null 2>&1)
  rc=$?
  calls=$(cat "$CALLS")
}
# called TEXT…: each TEXT is in a call, each on a later line than the one before
called() {
  local at=0 n text
  for text in "$@"; do
    n=$(grep -nF -- "$text" <<<"$calls" | cut -d: -f1 | awk -v at="$at" '$1 > at { print; exit }')
    [ -n "$n" ] || return 1
    at=$n
  done
}
check() {
  local what=$1
  shift
  if "$@"; then ok "$what"; else ko "$what" "rc=$rc" "$(tail -n 8 <<<"$out")" "calls: $calls"; fi
}
head_commit=$(git -C "$repo" rev-parse HEAD)
short=${head_commit:0:12}
# SHOW_OUTPUT=1: what preview and publish print, as the team sees it.
show() { [ -z "${SHOW_OUTPUT:-}" ] || sed 's/^/    | /' <<<"$out"; }

stand_in preview
show
check "preview: exit 0" test "$rc" = 0
check "preview: runs make test, then uploads with the branch's alias, commit and branch" \
  called "make --no-print-directory test" \
    "wrangler versions upload --preview-alias equipe-coquille-accueil --tag $short --message Équipe/Coquille accueil @ $short"
check "preview: prints the alias's address" contains "$out" "https://equipe-coquille-accueil-oim-maroc.equipe.workers.dev"
check "preview: prints the version's own address" contains "$out" "https://11111111-oim-maroc.equipe.workers.dev"
check "preview: saves the version id and its commit for publish" \
  test "$(cat "$repo/build/preview-version")" = "11111111-2222-4333-8444-555555555555 $head_commit"
check "preview: saves the address for the pull-request comment" \
  test "$(cat "$repo/build/preview-url")" = "https://equipe-coquille-accueil-oim-maroc.equipe.workers.dev"

stand_in publish
show
check "publish: exit 0" test "$rc" = 0
check "publish: says it publishes the previewed version" \
  contains "$out" "publishing the previewed version 11111111-2222-4333-8444-555555555555"
check "publish: migrations, then all traffic to that version, then the triggers" \
  called "wrangler d1 migrations apply DB --remote" \
    "wrangler versions deploy 11111111-2222-4333-8444-555555555555@100% --yes" "wrangler triggers deploy"

echo "# a later change" >>"$repo/wrangler.toml" && commit two
stand_in publish
check "publish after a new commit: refuses the older preview (exit 1)" test "$rc" = 1
check "…says to preview again" contains "$out" 'run `make preview` again'
check "…and touches nothing" test -z "$(grep -e 'versions deploy' -e 'migrations' <<<"$calls")"

rm "$repo/build/preview-version"
stand_in publish
check "publish with no preview saved here: says it takes the last upload" \
  contains "$out" "no previewed version saved in build/: publishing the last uploaded version bbbbbbbb-0000-4000-8000-000000000002"
check "…and sends traffic to it" called "wrangler versions deploy bbbbbbbb-0000-4000-8000-000000000002@100% --yes"
stand_in publish OIM_VERSION=cccccccc-0000-4000-8000-000000000003
check "publish with OIM_VERSION: that version" called "wrangler versions deploy cccccccc-0000-4000-8000-000000000003@100% --yes"

stand_in preview STAND_IN_FAILS="versions upload"
check "a failed upload fails preview and saves no version" test "$rc" != 0 -a ! -e "$repo/build/preview-version"

stand_in rollback
check "rollback: exit 0" test "$rc" = 0
check "rollback: wrangler rollback, without questions" called "wrangler rollback --yes --message make rollback"
stand_in rollback OIM_VERSION=aaaaaaaa-0000-4000-8000-000000000001
check "rollback with OIM_VERSION: to that version" called "wrangler rollback aaaaaaaa-0000-4000-8000-000000000001 --yes"

# ---------------------------------------------------------------------------------------------
echo "scripts/dry-run on broken copies of wrangler.toml"
# A copy of the project's deploy inputs in a scratch folder: wrangler resolves main, [assets]
# and migrations_dir next to the config file; the [build] command is the real one.
site="$TMP/site"
mkdir -p "$site"
ln -s "$ROOT/build" "$site/build"
ln -s "$ROOT/migrations" "$site/migrations"
sed "s#^command = \"scripts/build\"#command = \"$ROOT/scripts/build\"#" wrangler.toml >"$site/wrangler.base"

# dry_run NAME: scripts/dry-run on $site/NAME.toml -> sets out and rc
dry_run() { out=$(no_creds scripts/dry-run "$site/$1.toml" 2>&1); rc=$?; }
cp "$site/wrangler.base" "$site/unchanged.toml"
dry_run unchanged
if [ "$rc" = 0 ]; then ok "the unchanged copy passes (so each failure below is the break's)"
else ko "the unchanged copy passes" "$out"; fi
for w in "deploy --dry-run" "versions upload --dry-run" "triggers deploy --dry-run"; do
  if contains "$out" "ok    wrangler $w"; then ok "…including wrangler $w"; else ko "…including wrangler $w" "$out"; fi
done

# broken NAME EXPECTED-TEXT: NAME.toml (written by the caller) must fail, saying EXPECTED-TEXT
broken() {
  dry_run "$1"
  if [ "$rc" != 0 ] && contains "$out" "$2"; then ok "$1: fails, says \"$2\""
  else ko "$1: fails, says \"$2\"" "rc=$rc" "$(tail -n 12 <<<"$out")"; fi
}
base="$site/wrangler.base"
with() { cat "$base"; printf '\n%s\n' "$@"; } # the base config plus lines
# wrangler.toml has a [triggers] table (the contact messages' retention): its crons line is
# broken in place.
grep -q '^crons = \[' "$base" || ko "wrangler.toml has a [triggers] crons list" "$(grep -n triggers -A2 "$base")"
sed 's/^crons = \[\(.*\)\]$/crons = \1/' "$base" >"$site/cron_not_a_list.toml"
broken cron_not_a_list 'Expected "triggers.crons" to be of type array'
sed 's/^crons = /cron = /' "$base" >"$site/cron_misspelt.toml"
broken cron_misspelt 'Unexpected fields found in triggers field: "cron"'
sed 's/period = 60/period = 30/' "$base" >"$site/rate_limit_period.toml"
broken rate_limit_period '"simple.period" must be either 10 or 60 but got 30'
with '[[analytics_engine_datasets]]' 'dataset = "oim_maroc_views"' >"$site/dataset_without_binding.toml"
broken dataset_without_binding 'should have a string "binding" field'
with '[[analytics_engine_datasets]]' 'binding = "VIEWS"' 'datset = "oim_maroc_views"' >"$site/dataset_misspelt.toml"
broken dataset_misspelt 'Unexpected fields found in analytics_engine_datasets[1] field: "datset"'
with '[[analytics_engine_datasets]]' 'binding = "DB"' >"$site/binding_twice.toml"
broken binding_twice 'Bindings must have unique names'
sed 's/^\[\[d1_databases\]\]/[[d1_database]]/' "$base" >"$site/d1_misspelt.toml"
broken d1_misspelt 'Unexpected fields found in top-level field: "d1_database"'
awk '!/^binding = "DB"/' "$base" >"$site/d1_without_binding.toml"
broken d1_without_binding '"d1_databases[0]" bindings should have a string "binding" field'
sed 's/^\[vars\]/[vars/' "$base" >"$site/not_toml.toml"
broken not_toml 'Invalid TOML document'
sed 's#^directory = "build/public"#directory = "build/publik"#' "$base" >"$site/assets_missing.toml"
broken assets_missing 'assets.directory'
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
