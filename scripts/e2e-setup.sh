#!/usr/bin/env bash
# Installs what the end-to-end tests need and is quick when everything is present:
# Debian packages (chromium, ripgrep, the headers code-server's native modules build
# against) and code-server, which goes into a cache folder outside the project's
# dependencies so a fresh clone on the same machine does not download it again.
#
#   CLEARSIGHT_E2E_CACHE   cache folder (default ~/.cache/clearsight-e2e)
#
# Prints the code-server executable's path on its last line.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# @vscode/ripgrep (a dependency of code-server) downloads ripgrep from the internet in
# its postinstall unless it finds the asset in its cache folder: we put Debian's rg there.
RIPGREP_PKG_VERSION=1.15.11
RIPGREP_TAG=v13.0.0-10
CACHE="${CLEARSIGHT_E2E_CACHE:-$HOME/.cache/clearsight-e2e}"
CS_DIR="$CACHE/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
MARKER="$CS_DIR/.installed-$CODE_SERVER_VERSION"

log() { printf 'e2e-setup: %s\n' "$*" >&2; }
started=$(date +%s)

# --- Debian packages --------------------------------------------------------------
DEB_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium fonts-noto-cjk
  g++ make python3)
missing=()
for p in "${DEB_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    # g++/make/python3 may come from elsewhere (pyenv, a toolchain image): a command is enough.
    case "$p" in g++|make|python3) command -v "$p" >/dev/null 2>&1 && continue ;; esac
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { log "need root (or sudo) to install: ${missing[*]}"; exit 1; }
    SUDO=(sudo)
  fi
  log "installing Debian packages: ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -x /usr/bin/chromium ] || { log "/usr/bin/chromium is missing after install"; exit 1; }

# --- code-server ------------------------------------------------------------------
if [ -f "$MARKER" ] && [ -x "$CS_BIN" ]; then
  log "code-server $CODE_SERVER_VERSION already in $CS_DIR"
else
  case "$(uname -m)" in
    x86_64) RG_TRIPLE=x86_64-unknown-linux-musl ;;
    aarch64) RG_TRIPLE=aarch64-unknown-linux-musl ;;
    *) log "unsupported architecture $(uname -m)"; exit 1 ;;
  esac
  log "installing code-server $CODE_SERVER_VERSION into $CS_DIR (takes a few minutes)"
  mkdir -p "$CACHE"
  # A private TMPDIR holds the ripgrep cache, so nothing depends on /tmp's contents.
  export TMPDIR="$CACHE/tmp"
  RG_CACHE="$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  RG_ASSET="$RG_CACHE/ripgrep-$RIPGREP_TAG-$RG_TRIPLE.tar.gz"
  mkdir -p "$RG_CACHE"
  if [ ! -s "$RG_ASSET" ]; then
    stage=$(mktemp -d)
    cp "$(command -v rg)" "$stage/rg"
    tar -czf "$RG_ASSET" -C "$stage" rg
    rm -rf "$stage"
  fi
  # Install into a staging folder and rename at the end: an interrupted install is
  # never mistaken for a complete one.
  staging="$CACHE/code-server.staging"
  rm -rf "$staging"
  mkdir -p "$staging"
  printf '{ "name": "clearsight-e2e-code-server", "private": true }\n' >"$staging/package.json"
  # unsafe_perm: we may be root; yes: node-pty's postinstall runs `npx node-gyp`.
  (cd "$staging" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2)
  [ -x "$staging/node_modules/.bin/code-server" ] || { log "code-server did not install"; exit 1; }
  rg_bin=$(find "$staging/node_modules" -path '*@vscode/ripgrep/bin/rg' -print -quit)
  [ -n "$rg_bin" ] || { log "warning: no @vscode/ripgrep binary found (search in the editor will not work)"; }
  touch "$staging/.installed-$CODE_SERVER_VERSION"
  rm -rf "$CS_DIR"
  mv "$staging" "$CS_DIR"
fi

# --version may also log a line about its config file: keep the version line only.
version=$("$CS_BIN" --version 2>/dev/null | grep -E '^[0-9]+\.' | head -n1)
log "code-server $version ready ($(($(date +%s) - started)) s)"
echo "$CS_BIN"
