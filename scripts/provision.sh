#!/usr/bin/env bash
# Installs the Debian packages winship's tests and local pipeline need, only those missing.
# Idempotent: a second run installs nothing and exits 0 quickly.
set -euo pipefail

packages=(golang-go golang-1.19-src wine wine64 openssh-server gox git curl ca-certificates unzip iproute2 locales osslsigncode openssl)
# Wine hosts started under these locales get the code pages (932, 936, 949) whose double-byte
# characters can swallow cmd.exe's escape character: the command-injection tests need them.
locales=(ja_JP zh_CN ko_KR)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "provision: all system packages present (${packages[*]})"
else
  echo "provision: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for l in "${locales[@]}"; do
  # locale -a spells them ja_JP.utf8; localedef compiles one locale without touching locale.gen.
  if ! locale -a 2>/dev/null | grep -qx "$l.utf8"; then
    echo "provision: generating locale $l.UTF-8"
    $SUDO localedef -i "$l" -f UTF-8 "$l.UTF-8"
  fi
done
echo "provision: done"
