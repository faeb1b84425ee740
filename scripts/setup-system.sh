#!/usr/bin/env bash
# Installs the Debian packages the project needs. Idempotent; uses sudo when not root.
#   bash scripts/setup-system.sh            everything the tests need: the grading sandbox (bubblewrap,
#                                           util-linux's setpriv), chromium and Korean fonts (browser tests)
#   bash scripts/setup-system.sh --grading  only what grading needs: bubblewrap and setpriv
set -euo pipefail
mode=all
case "${1:-}" in
  --grading) mode=grading ;;
  "") ;;
  *) echo "usage: $0 [--grading]" >&2; exit 2 ;;
esac
need=()
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
# setpriv (util-linux): the grading sandbox drops to its own uid when the grader is root
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
if [ "$mode" = all ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  # Korean glyphs for the screenshots the browser tests take
  [ -d /usr/share/fonts/truetype/nanum ] || need+=(fonts-nanum)
fi
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages present ($mode): bwrap, setpriv$([ "$mode" = all ] && echo ", chromium, fonts-nanum")"
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
