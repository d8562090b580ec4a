#!/usr/bin/env bash
# Installs the Debian packages the tests need, and only those that are missing:
#   chromium  -> /usr/bin/chromium, the browser for the Playwright tests
#                (Playwright's own browser downloads are not reachable)
#   swaks     -> a real SMTP client for protocol tests
#   curl      -> a second real SMTP client (smtp://)
#   postfix   -> smtp-source / smtp-sink, the standard SMTP load tools
#   python3   -> smtplib, a third real SMTP client
#   spamd     -> SpamAssassin's daemon, the peer of GET /api/v1/message/{ID}/sa-check
#   libio-socket-ssl-perl, libnet-ssleay-perl -> swaks' STARTTLS and SMTPS
#                (only recommended by swaks, so --no-install-recommends skips them)
# Idempotent: when every binary is present it changes nothing, so developers
# can run it as often as they like. Needs root (or sudo) only when installing.
set -euo pipefail

# binary path -> Debian package. Paths, not `command -v`, because smtp-source
# lives in /usr/sbin, which is not on every user's PATH.
declare -A NEEDED=(
  [/usr/bin/chromium]=chromium
  [/usr/bin/swaks]=swaks
  [/usr/bin/curl]=curl
  [/usr/sbin/smtp-source]=postfix
  [/usr/bin/python3]=python3
  [/usr/sbin/spamd]=spamd
)

missing=()
for bin in "${!NEEDED[@]}"; do
  [[ -x "$bin" ]] || missing+=("${NEEDED[$bin]}")
done

# swaks loads its TLS modules only when asked for TLS: check them directly.
perl -MIO::Socket::SSL -e1 2>/dev/null || missing+=(libio-socket-ssl-perl)
perl -MNet::SSLeay -e1 2>/dev/null || missing+=(libnet-ssleay-perl)

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-test-deps: all test tools present"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-test-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi

echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive

if [[ " ${missing[*]} " == *" postfix "* ]]; then
  # Only its two client tools are wanted: "No configuration" leaves postfix
  # unconfigured, so no mail daemon starts and nothing listens on port 25.
  echo "postfix postfix/main_mailer_type select No configuration" | "${sudo[@]}" debconf-set-selections
fi

"${sudo[@]}" apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"

for bin in "${!NEEDED[@]}"; do
  [[ -x "$bin" ]] || { echo "install-test-deps: $bin still missing after install" >&2; exit 1; }
done
perl -MIO::Socket::SSL -e1 || { echo "install-test-deps: perl IO::Socket::SSL still missing" >&2; exit 1; }
echo "install-test-deps: done"
