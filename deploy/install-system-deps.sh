#!/usr/bin/env bash
# System packages the tests need, from Debian: Chromium for the browser tests (Playwright
# drives /usr/bin/chromium; its own browser download is not used), Noto CJK so Chinese
# renders in screenshots, and PostgreSQL, which the suite also runs against
# (deploy/postgres-for-tests.sh starts a throwaway server; the system service is not used). Idempotent: does nothing when everything is installed.
# Runs as root (CI, containers) or through sudo when available; exits non-zero on failure.
set -euo pipefail

PACKAGES=(chromium fonts-noto-cjk postgresql)

installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

missing=()
for package in "${PACKAGES[@]}"; do
    installed "$package" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "install-system-deps: need root to install: ${missing[*]}" >&2
    exit 1
fi

# apt's output is kept and shown only when a step fails.
run_quietly() {
    local output
    if ! output=$("$@" 2>&1); then
        printf '%s\n' "$output" >&2
        echo "install-system-deps: failed: $*" >&2
        exit 1
    fi
}

echo "install-system-deps: installing ${missing[*]}"
run_quietly "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
run_quietly "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"

for package in "${missing[@]}"; do
    if ! installed "$package"; then
        echo "install-system-deps: $package did not install" >&2
        exit 1
    fi
done
if [ ! -x /usr/bin/chromium ]; then
    echo "install-system-deps: /usr/bin/chromium missing after install" >&2
    exit 1
fi
