#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the Playwright browser tests.
#
# We never let Playwright download a browser: the tests drive the distribution's
# Chromium, which gets security updates with the rest of the system. As root (CI) we
# install it; otherwise we stop with instructions, because browser tests must never be
# skipped silently.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ -x "$CHROMIUM" ]]; then
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "ensure_chromium: $CHROMIUM missing; installing Debian's chromium" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends chromium fonts-dejavu-core
    if [[ ! -x "$CHROMIUM" ]]; then
        echo "ensure_chromium: apt-get finished but $CHROMIUM is still missing" >&2
        exit 1
    fi
    exit 0
fi

cat >&2 <<MSG
ensure_chromium: $CHROMIUM not found.

The browser tests (Playwright) drive Debian's Chromium and are never skipped.
Install it once, then run make again:

    sudo apt-get install --no-install-recommends chromium fonts-dejavu-core

MSG
exit 1
