# Installs whatever is missing for building, running and testing Alongside.
# Sourced by .ci/start and .ci/test; each step does nothing when its tool is
# already there, so a second run costs seconds.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION="0.3.10"
export PATH="$ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@"
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_cargo_leptos() {
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (takes a while, once)"
    # no_downloads: it must use the wasm-bindgen and wasm-opt we install, never fetch binaries.
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
  fi
}

ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    say "Installing wasm-bindgen-cli $want (must match Cargo.lock)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_node_modules() {
  if ! command -v npm >/dev/null; then
    say "Installing Node.js and npm"
    apt_install nodejs npm
  fi
  if [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    say "Installing the npm packages of end2end/ (Playwright, axe-core, binaryen's wasm-opt)"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund)
  fi
}

# Everything `cargo leptos build` needs.
ensure_build_tools() {
  ensure_wasm_target
  ensure_node_modules
  ensure_cargo_leptos
  ensure_wasm_bindgen
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "Installing Debian's Chromium for the browser tests"
    apt_install chromium
  fi
}

# Leaves ALONGSIDE_TEST_POSTGRES naming a PostgreSQL server the tests may
# create and drop databases on: the local one on 5432, or a throwaway one.
ensure_postgres() {
  if [ -n "${ALONGSIDE_TEST_POSTGRES:-}" ]; then return; fi
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    export ALONGSIDE_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432"
    return
  fi
  if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql/*/main >/dev/null 2>&1; then
    say "Starting the local PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    if pg_isready -q -h 127.0.0.1 -p 5432; then
      export ALONGSIDE_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432"
      return
    fi
  fi
  say "Starting a throwaway PostgreSQL on port 55432"
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then apt_install postgresql; fi
  local bin dir
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  dir=/tmp/alongside-pg
  if ! pg_isready -q -h 127.0.0.1 -p 55432 2>/dev/null; then
    rm -rf "$dir" && mkdir -p "$dir" && chown postgres "$dir"
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" --auth=trust -U postgres >/dev/null
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -o "-p 55432 -k $dir -c listen_addresses=127.0.0.1" -w start >/dev/null
  fi
  export ALONGSIDE_TEST_POSTGRES="postgres://postgres@127.0.0.1:55432"
}

# True when the release build is older than a file it is built from (not
# the notes beside the code, the server's tests or its tools in
# server/src/bin).
release_is_stale() {
  local wasm="$ROOT/target/site/pkg/alongside.wasm" bin="$ROOT/target/release/alongside"
  [ -f "$wasm" ] && [ -f "$wasm.br" ] && [ -f "$bin" ] || return 0
  local server=("$ROOT/app/src" "$ROOT/app/Cargo.toml" "$ROOT/server/src" "$ROOT/server/Cargo.toml"
    "$ROOT/server/migrations" "$ROOT/Cargo.toml" "$ROOT/Cargo.lock")
  local tools=(-path "$ROOT/server/src/bin" -prune -o)
  [ -n "$(find "${server[@]}" "$ROOT/style" "$ROOT/public" "${tools[@]}" -newer "$wasm" -print -quit)" ] ||
    [ -n "$(find "${server[@]}" "${tools[@]}" -newer "$bin" -print -quit)" ]
}

build_release() {
  if release_is_stale; then
    say "Building the release (server, WebAssembly, CSS)"
    # -P writes each file of the site again beside it as .br (brotli at its
    # best, quality 11) and .gz; the server sends those to browsers that take
    # them (leptos_axum's ServeDir), which is what the size report counts.
    # Without them it compresses on the fly at brotli quality 4: the main
    # download was 330 KB that way against 273 precompressed.
    (cd "$ROOT" && cargo leptos build --release --split -P)
    node "$ROOT/.ci/gzip-best.mjs" "$ROOT/target/site"
    # Cargo leaves an output alone when the files it is built from did not
    # change it (a browser-only file, for the server): mark both as built now.
    touch "$ROOT/target/site/pkg/alongside.wasm" "$ROOT/target/release/alongside"
  fi
}

# Builds one of the server package's tools (alongside-load, alongside-fuzz)
# beside the release. cargo-leptos compiles with LEPTOS_OUTPUT_NAME set, and
# the leptos crates read it at compile time: a plain `cargo build` without it
# recompiles leptos and everything above it, and the next release build
# recompiles them back (6–10 minutes each way).
build_tool() {
  (cd "$ROOT" && LEPTOS_OUTPUT_NAME=alongside cargo build --release -p server --bin "$1")
}
