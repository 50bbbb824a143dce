#!/usr/bin/env bash
# Tests scripts/new-news and scripts/deploy-check in a temporary folder (the real content/ and
# wrangler.toml are only read, never written).
#   bash tests/tools/new_news_and_deploy_check.sh     prints "N passed, M failed"
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NEW_NEWS="$ROOT/scripts/new-news"
DEPLOY_CHECK="$ROOT/scripts/deploy-check"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# The test decides SITE_URL itself.
unset SITE_URL

passed=0 failed=0
ok() { passed=$((passed + 1)); printf '  ok    %s\n' "$1"; }
ko() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$1"; [ $# -gt 1 ] && printf '        %s\n' "${@:2}"; }
check() { # check "description" command...
  local what=$1; shift
  if "$@"; then ok "$what"; else ko "$what"; fi
}
contains() { grep -qF -- "$2" <<<"$1"; }

# ---------------------------------------------------------------------------------------------
echo "scripts/new-news"
CONTENT="$TMP/content"
NEWS="$CONTENT/actualites"
mkdir -p "$NEWS"
TITLE="Visite de l'OIM à Tanger : « Jeunesse & avenir »"
SLUG="visite-de-loim-a-tanger-jeunesse-avenir"
TODAY=$(date +%F)

out=$(cd "$TMP" && CONTENT_DIR="$CONTENT" "$NEW_NEWS" "$TITLE" </dev/null 2>&1); rc=$?
check "exits 0" test "$rc" = 0
files=$(cd "$NEWS" && ls -A | sort | tr '\n' ' ')
expected="$SLUG.ar.md $SLUG.en.md $SLUG.md "
if [ "$files" = "$expected" ]; then ok "creates exactly the three files named after the slug"
else ko "creates exactly the three files named after the slug" "got:      $files" "expected: $expected"; fi

# The front matter: the lines between the first two `+++` lines.
front() { awk 'NR==1 && $0!="+++" {exit} NR>1 && $0=="+++" {exit} NR>1' "$1"; }
for f in "$SLUG.md" "$SLUG.ar.md" "$SLUG.en.md"; do
  path="$NEWS/$f"
  [ -f "$path" ] || { ko "$f exists"; continue; }
  check "$f starts with +++ and closes its front matter" \
    test "$(head -n1 "$path")" = "+++" -a "$(grep -c '^+++$' "$path")" = 2
  fm=$(front "$path")
  keys=$(sed -n 's/^\([A-Za-z_]*\) *=.*/\1/p' <<<"$fm" | tr '\n' ' ')
  if [ "$keys" = "title description date draft " ]; then ok "$f has the keys title, description, date, draft only"
  else ko "$f has the keys title, description, date, draft only" "got: $keys"; fi
  check "$f: every front matter line is a key = value" test -z "$(grep -v '^[a-z_]* = ' <<<"$fm")"
  check "$f: draft = true" grep -qx 'draft = true' <<<"$fm"
  check "$f: date = $TODAY (no quotes)" grep -qx "date = $TODAY" <<<"$fm"
  desc=$(sed -n 's/^description = "\(.*\)"$/\1/p' <<<"$fm")
  check "$f: description is a non-empty placeholder" contains "$desc" "À "
  check "$f: description has at most 160 characters (${#desc})" test "${#desc}" -gt 0 -a "${#desc}" -le 160
  check "$f: has a body after the front matter" test -n "$(awk '/^[+][+][+]$/ { c++; next } c >= 2' "$path" | tr -d '[:space:]')"
done
check "the French title is the given one" \
  grep -qxF "title = \"$TITLE\"" "$NEWS/$SLUG.md"
check "the Arabic title says it must be translated" \
  grep -qxF "title = \"$TITLE (à traduire)\"" "$NEWS/$SLUG.ar.md"
check "the English title says it must be translated" \
  grep -qxF "title = \"$TITLE (à traduire)\"" "$NEWS/$SLUG.en.md"
check "says where to preview the draft" contains "$out" "http://127.0.0.1:8787/actualites/$SLUG/"
check "says to run make dev" contains "$out" "make dev"
check "says to remove draft = true" contains "$out" "draft = true"
check "says to publish with make deploy" contains "$out" "make deploy"
check "names the files to edit" contains "$out" "actualites/$SLUG.ar.md"

# A second run with the same title creates nothing.
before=$(cd "$NEWS" && md5sum ./* | sort)
out=$(CONTENT_DIR="$CONTENT" "$NEW_NEWS" "$TITLE" </dev/null 2>&1); rc=$?
check "same title again: exit 1" test "$rc" = 1
check "same title again: says so in French" contains "$out" "existe déjà"
check "same title again: says so in English" contains "$out" "already exists"
check "same title again: files untouched, none added" test "$(cd "$NEWS" && md5sum ./* | sort)" = "$before"
# Only one of the three exists: still refused, and nothing is created.
rm "$NEWS/$SLUG.md" "$NEWS/$SLUG.en.md"
out=$(CONTENT_DIR="$CONTENT" "$NEW_NEWS" "$TITLE" </dev/null 2>&1); rc=$?
check "one file of three exists: exit 1, nothing created" \
  test "$rc" = 1 -a "$(ls -A "$NEWS")" = "$SLUG.ar.md"
rm -f "$NEWS"/*

# Empty titles.
for t in "" "   "; do
  out=$(CONTENT_DIR="$CONTENT" "$NEW_NEWS" "$t" </dev/null 2>&1); rc=$?
  check "title '$t': exit 1 and nothing created" test "$rc" = 1 -a -z "$(ls -A "$NEWS")"
  check "title '$t': says the title is empty" contains "$out" "titre est vide"
done
# No argument and no terminal: usage, exit 2.
out=$(CONTENT_DIR="$CONTENT" "$NEW_NEWS" </dev/null 2>&1); rc=$?
check "no argument, no terminal: exit 2 with the usage" test "$rc" = 2 -a -z "$(ls -A "$NEWS")"
contains "$out" "Utilisation" && ok "no argument: prints the usage" || ko "no argument: prints the usage" "$out"

# Slugs and TOML escaping.
slug_of() { # the slug new-news picks for a title (creates then removes the files)
  local before after
  before=$(ls -A "$NEWS")
  CONTENT_DIR="$CONTENT" "$NEW_NEWS" "$1" </dev/null >/dev/null 2>&1 || { echo "(failed)"; return; }
  after=$(comm -13 <(echo "$before") <(ls -A "$NEWS") | grep -v '\.\(ar\|en\)\.md$' | sed 's/\.md$//')
  rm -f "$NEWS/$after".md "$NEWS/$after".ar.md "$NEWS/$after".en.md
  echo "$after"
}
while IFS='|' read -r title want; do
  got=$(slug_of "$title")
  if [ "$got" = "$want" ]; then ok "slug of '$title' is $want"; else ko "slug of '$title'" "got $got, expected $want"; fi
done <<'CASES'
Œuvre, Æther & Ça va ?|oeuvre-aether-ca-va
L’été à Fès -- 2026 !|lete-a-fes-2026
  --Élan---vers (l'avenir)--  |elan-vers-lavenir
CASES
long=$(printf 'mot%.0s ' {1..40})
got=$(slug_of "$long")
check "a long title gives a slug of at most 80 characters without a trailing dash (${#got})" \
  test "${#got}" -le 80 -a "${#got}" -gt 70 -a "${got: -1}" != "-"

t='Le "grand" rendez-vous \ Rabat'
CONTENT_DIR="$CONTENT" "$NEW_NEWS" "$t" </dev/null >/dev/null 2>&1
f="$NEWS/le-grand-rendez-vous-rabat.md"
check "quotes and backslashes are escaped in TOML" \
  grep -qxF 'title = "Le \"grand\" rendez-vous \\ Rabat"' "$f"
# The escaped title reads back as the original (TOML basic string, decoded with JSON rules,
# which agree for \" and \\).
back=$(node -e '
  const l = require("fs").readFileSync(process.argv[1], "utf8").split("\n").find((l) => l.startsWith("title = "));
  process.stdout.write(JSON.parse(l.slice(8)));' "$f" 2>&1)
check "the escaped title reads back unchanged" test "$back" = "$t"
rm -f "$NEWS"/*

check "a missing actualites/ folder is an error, not created" \
  bash -c '! CONTENT_DIR="$1" "$2" "Titre" </dev/null >/dev/null 2>&1 && [ ! -e "$1/actualites" ]' _ "$TMP/nowhere" "$NEW_NEWS"

# ---------------------------------------------------------------------------------------------
echo "scripts/deploy-check"
out=$(WRANGLER_TOML="$ROOT/wrangler.toml" "$DEPLOY_CHECK" 2>&1); rc=$?
check "the current wrangler.toml: exit 1" test "$rc" = 1
check "lists the placeholder D1 id" contains "$out" "00000000-0000-0000-0000-000000000000"
check "says how to create the database" contains "$out" "npx wrangler d1 create oim-maroc"
check "says to apply the migrations remotely" contains "$out" "npx wrangler d1 migrations apply DB --remote"
check "lists the local SITE_URL" contains "$out" "SITE_URL"
check "…as the local address" contains "$out" "http://127.0.0.1:8787"
check "lists MAIL_FROM on .example" contains "$out" "site@oim-maroc.example"
check "lists MAIL_TO on .example" contains "$out" "contact@oim-maroc.example"
check "lists every problem (4 ✗ lines: D1, SITE_URL, MAIL_FROM, MAIL_TO)" test "$(grep -c '^✗' <<<"$out")" = 4
check "does not say complete" bash -c '! grep -q "production complète" <<<"$1"' _ "$out"

good="$TMP/wrangler.toml"
sed -e 's/00000000-0000-0000-0000-000000000000/3f2b8c1e-9a47-4d2e-b6a1-7c5e0f9d4a21/' \
    -e 's#"http://127.0.0.1:8787"#"https://maroc.iom.int"#' \
    -e 's/site@oim-maroc\.example/site@maroc.iom.int/' \
    -e 's/contact@oim-maroc\.example/equipe@iom.int/' \
    "$ROOT/wrangler.toml" >"$good"
out=$(WRANGLER_TOML="$good" "$DEPLOY_CHECK" 2>&1); rc=$?
if [ "$rc" = 0 ]; then ok "a complete wrangler.toml: exit 0"; else ko "a complete wrangler.toml: exit 0" "$out"; fi
check "says the configuration is complete" contains "$out" "Configuration de production complète"
check "no Turnstile warning when TURNSTILE_SITE_KEY is empty" bash -c '! grep -q TURNSTILE_SECRET_KEY <<<"$1"' _ "$out"

out=$(SITE_URL=http://localhost:8787 WRANGLER_TOML="$good" "$DEPLOY_CHECK" 2>&1); rc=$?
check "the SITE_URL environment variable overrides wrangler.toml" test "$rc" = 1
check "…and is named as the source" contains "$out" "variable d'environnement SITE_URL"
out=$(SITE_URL=https://oim.ma WRANGLER_TOML="$ROOT/wrangler.toml" "$DEPLOY_CHECK" 2>&1)
check "an https SITE_URL in the environment fixes SITE_URL only" \
  test "$(grep -c '^✗' <<<"$out")" = 3 -a -z "$(grep '^✗ SITE_URL' <<<"$out")"

sed 's/TURNSTILE_SITE_KEY = ""/TURNSTILE_SITE_KEY = "0x4AAAAAAAexample"/' "$good" >"$TMP/turnstile.toml"
out=$(WRANGLER_TOML="$TMP/turnstile.toml" "$DEPLOY_CHECK" 2>&1); rc=$?
check "Turnstile on: still exit 0 (a warning)" test "$rc" = 0
check "Turnstile on: reminds the secret command" contains "$out" "npx wrangler secret put TURNSTILE_SECRET_KEY"

# Removing each required item is reported, each with its fix.
broken() { # broken NAME AWK-PROGRAM EXPECTED-TEXT
  awk "$2" "$good" >"$TMP/$1.toml"
  local out rc
  out=$(WRANGLER_TOML="$TMP/$1.toml" "$DEPLOY_CHECK" 2>&1); rc=$?
  if [ "$rc" = 1 ] && contains "$out" "$3"; then ok "without $1: exit 1, says \"$3\""
  else ko "without $1: exit 1, says \"$3\"" "rc=$rc" "$out"; fi
}
broken namespace_id '!/^namespace_id/' 'namespace_id = "1001"'
broken send_email '!/^\[\[send_email\]\]/ && !/^name = "EMAIL"/' 'name = "EMAIL"'
broken assets '!/^directory = "build/public"/' 'directory = "build/public"'
broken mail_to '!/^MAIL_TO/' 'MAIL_TO'
broken http_url '{ sub(/"https:\/\/maroc.iom.int"/, "\"http://maroc.iom.int\"") } 1' 'https://'
# All of them at once: every problem listed, not just the first.
awk '!/^namespace_id/ && !/^\[\[send_email\]\]/ && !/^name = "EMAIL"/ && !/^directory = "build/public"/' \
  "$ROOT/wrangler.toml" >"$TMP/all.toml"
out=$(WRANGLER_TOML="$TMP/all.toml" "$DEPLOY_CHECK" 2>&1)
check "everything missing: 7 problems listed" test "$(grep -c '^✗' <<<"$out")" = 7
check "a missing wrangler.toml: exit 1" bash -c '! WRANGLER_TOML=/nonexistent/wrangler.toml "$1" >/dev/null 2>&1' _ "$DEPLOY_CHECK"

# Quoting and spacing variants of the same complete file.
sed -e "s/^SITE_URL = \"\(.*\)\"/SITE_URL='\1'   # public/" -e 's/^binding = "DB"/binding="DB"/' \
    -e 's/^\[vars\]/[ vars ]/' "$good" >"$TMP/spaces.toml"
check "single quotes, comments and spaces are understood" \
  bash -c 'WRANGLER_TOML="$1" "$2" >/dev/null 2>&1' _ "$TMP/spaces.toml" "$DEPLOY_CHECK"

echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
