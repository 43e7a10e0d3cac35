#!/usr/bin/env bash
# Source this file (`. scripts/toolchain.sh`) to run Schoolmix on its own Node.js and pnpm, whatever
# the machine has: Node at the exact version in .nvmrc and pnpm at the version of package.json's
# "packageManager", both from the npm registry into .tools/ (ignored by git), first on PATH.
# .ci/run uses it; so can anyone whose system Node is older than 24.
_schoolmix_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_schoolmix_node="$(tr -d ' \n\r' < "$_schoolmix_root/.nvmrc")"
_schoolmix_pnpm="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$_schoolmix_root/package.json")"
_schoolmix_tools="$_schoolmix_root/.tools"
_schoolmix_bin="$_schoolmix_tools/node_modules/.bin"
if [ "$("$_schoolmix_bin/node" --version 2>/dev/null)" != "v$_schoolmix_node" ] || [ "$("$_schoolmix_bin/pnpm" --version 2>/dev/null)" != "$_schoolmix_pnpm" ]; then
  echo "Installing Node.js $_schoolmix_node and pnpm $_schoolmix_pnpm into .tools/ (npm registry)…" >&2
  # The two packages' install scripts fetch nothing: node's picks the binary package for this platform.
  npm install --prefix "$_schoolmix_tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node@$_schoolmix_node" "pnpm@$_schoolmix_pnpm" >&2
fi
export PATH="$_schoolmix_bin:$PATH"
if [ "$(node --version)" != "v$_schoolmix_node" ] || [ "$(pnpm --version)" != "$_schoolmix_pnpm" ]; then
  echo "toolchain: expected Node.js v$_schoolmix_node and pnpm $_schoolmix_pnpm, got $(node --version) and $(pnpm --version 2>&1)" >&2
  return 1 2>/dev/null || exit 1
fi
unset _schoolmix_root _schoolmix_node _schoolmix_pnpm _schoolmix_tools _schoolmix_bin
