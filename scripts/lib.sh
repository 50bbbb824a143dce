# Shared by the scripts: pinned versions and where the tools live.
# shellcheck shell=bash

WORKER_BUILD_VERSION=0.8.7
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
