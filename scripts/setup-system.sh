#!/usr/bin/env bash
# Installs the Debian packages the tests need: bubblewrap and util-linux (grading sandbox) and chromium (browser tests).
# Idempotent; uses sudo when not root.
set -euo pipefail
need=()
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
[ -x /usr/bin/chromium ] || need+=(chromium)
# Korean glyphs for the screenshots the browser tests take
[ -d /usr/share/fonts/truetype/nanum ] || need+=(fonts-nanum)
# setpriv (util-linux): the grading sandbox drops to its own uid when the grader is root
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages present: bwrap, chromium, fonts-nanum"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "error: need root (or sudo) to install: ${need[*]}" >&2
    echo "install them with your package manager, then run make again" >&2
    exit 1
  fi
fi
echo "installing Debian packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "installed: ${need[*]}"
