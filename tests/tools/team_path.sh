#!/usr/bin/env bash
# The communications team's path, in a scratch copy of the content (never content/):
#   make new-news TITLE="…"   (three draft files), then, as the team does by hand: fill in the
#   three files (title, description, text; the date new-news wrote is kept) and remove
#   `draft = true`.
#   bash tests/tools/team_path.sh CONTENT_COPY
# Prints the French path of the new item (`/actualites/<slug>/`) on stdout, what it does on
# stderr. `make test-growth` runs it before its tests, which then check that the item is the
# newest and is on the home page, its list, its feed and the sitemap (tests/e2e, site.rs,
# OIM_EXPECT_NEWEST), in all three languages.
# The test drives the interface (make new-news TITLE=…, the files it leaves), not the script
# behind it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
content=${1:?usage: tests/tools/team_path.sh CONTENT_COPY}
content=$(cd "$content" && pwd)
news="$content/actualites"
case "$content/" in
  "$ROOT/content/"*) echo "error: $content is the real content: give a scratch copy" >&2; exit 2 ;;
esac
fail() { echo "team path: FAIL: $*" >&2; exit 1; }

listing() { find "$news" -maxdepth 1 -type f -printf '%f\n' | sort; }
before=$(listing)
title="Une délégation de l’OIM visite le centre d’accueil de Nador"
# Both names the content folder goes by (scripts/new-news reads CONTENT_DIR, the oim tools
# OIM_CONTENT_DIR), so that the item lands in the copy whichever implements `make new-news`.
CONTENT_DIR="$content" OIM_CONTENT_DIR="$content" \
  make -s --no-print-directory -C "$ROOT" new-news TITLE="$title" </dev/null >&2
created=$(comm -13 <(echo "$before") <(listing))
[ "$(wc -l <<<"$created")" = 3 ] || fail "make new-news should create three files, created: $created"
fr=$(grep -v -E '\.(ar|en)\.md$' <<<"$created") || fail "no French file among: $created"
slug=${fr%.md}
for f in "$slug.md" "$slug.ar.md" "$slug.en.md"; do
  [ -f "$news/$f" ] || fail "make new-news did not create $f"
  grep -qx 'draft = true' "$news/$f" || fail "$f is not a draft"
done
date_line=$(grep -m1 -E '^date = [0-9]{4}-[0-9]{2}-[0-9]{2}$' "$news/$slug.md") \
  || fail "$slug.md has no date line"

# write FILE TITLE DESCRIPTION TEXT: the file as the team leaves it, published.
write() {
  printf '+++\ntitle = "%s"\ndescription = "%s"\n%s\n+++\n\n%s\n' "$2" "$3" "$date_line" "$4" > "$news/$1"
}
write "$slug.md" "$title" \
  "Une délégation de l’OIM a visité le centre d’accueil de Nador pour préparer un programme d’aide aux migrants." \
  "Une délégation de l’OIM s’est rendue au centre d’accueil de Nador.

## Programme

Les équipes ont rencontré les partenaires locaux et préparé les activités des prochains mois."
write "$slug.ar.md" "وفد من المنظمة الدولية للهجرة يزور مركز الاستقبال بالناظور" \
  "زار وفد من المنظمة الدولية للهجرة مركز الاستقبال بالناظور لإعداد برنامج لدعم المهاجرين." \
  "زار وفد من المنظمة الدولية للهجرة مركز الاستقبال بالناظور.

## البرنامج {#programme}

التقت الفرق بالشركاء المحليين وأعدت أنشطة الأشهر المقبلة."
write "$slug.en.md" "An IOM delegation visits the Nador reception centre" \
  "An IOM delegation visited the Nador reception centre to prepare a support programme for migrants." \
  "An IOM delegation visited the reception centre in Nador.

## Programme {#programme}

The teams met local partners and prepared the activities of the coming months."
if grep -l 'draft' "$news/$slug".*md "$news/$slug.md" >/dev/null 2>&1; then fail "a draft line is left"; fi
echo "team path: make new-news created $slug.md, .ar.md, .en.md; filled in and published ($date_line)" >&2
echo "/actualites/$slug/"
