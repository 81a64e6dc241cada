#!/usr/bin/env sh
# Writes Hearth's Janus configuration into a folder, filling the @...@ values from the environment:
#   deploy/janus/render.sh /etc/hearth-janus
# Then run `janus -F /etc/hearth-janus` (docs/video.md). Required: JANUS_API_SECRET,
# JANUS_ADMIN_SECRET, JANUS_ROOM_ADMIN_KEY, JANUS_ICE_ENFORCE_LIST (e.g. eth0). Optional:
# JANUS_WS_IP (default 127.0.0.1), JANUS_WS_PORT (8188), JANUS_ADMIN_WS_PORT (7188).
set -eu
out="${1:?usage: render.sh <folder>}"
here="$(cd "$(dirname "$0")" && pwd)"
: "${JANUS_API_SECRET:?set JANUS_API_SECRET}" "${JANUS_ADMIN_SECRET:?set JANUS_ADMIN_SECRET}"
: "${JANUS_ROOM_ADMIN_KEY:?set JANUS_ROOM_ADMIN_KEY}" "${JANUS_ICE_ENFORCE_LIST:?set JANUS_ICE_ENFORCE_LIST}"
mkdir -p "$out"
chmod 0700 "$out"
# Secrets are random text; these characters would break the files (render refuses them).
for v in "$JANUS_API_SECRET" "$JANUS_ADMIN_SECRET" "$JANUS_ROOM_ADMIN_KEY"; do
  case "$v" in *'|'* | *'"'* | *'\'*) echo "render.sh: secrets may not contain | \" or \\" >&2; exit 1 ;; esac
done
for f in janus.jcfg janus.transport.websockets.jcfg janus.plugin.videoroom.jcfg; do
  sed -e "s|@JANUS_API_SECRET@|$JANUS_API_SECRET|g" \
      -e "s|@JANUS_ADMIN_SECRET@|$JANUS_ADMIN_SECRET|g" \
      -e "s|@JANUS_ROOM_ADMIN_KEY@|$JANUS_ROOM_ADMIN_KEY|g" \
      -e "s|@ICE_ENFORCE_LIST@|$JANUS_ICE_ENFORCE_LIST|g" \
      -e "s|@CONFIG_DIR@|$out|g" \
      -e "s|@WS_INTERFACE_IP@|${JANUS_WS_IP:-127.0.0.1}|g" \
      -e "s|@WS_PORT@|${JANUS_WS_PORT:-8188}|g" \
      -e "s|@ADMIN_WS_PORT@|${JANUS_ADMIN_WS_PORT:-7188}|g" \
      "$here/$f" > "$out/$f"
  chmod 0600 "$out/$f"
done
echo "Janus configuration written to $out; start it with: janus -F $out"
