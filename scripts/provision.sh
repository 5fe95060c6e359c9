#!/usr/bin/env bash
# Installs the Debian packages winship's tests and local pipeline need, only those missing.
# Idempotent: a second run installs nothing and exits 0 quickly.
set -euo pipefail

packages=(golang-go golang-1.19-src wine wine64 openssh-server gox git curl ca-certificates unzip iproute2)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "provision: all system packages present (${packages[*]})"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "provision: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "provision: done"
