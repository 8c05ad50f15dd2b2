#!/bin/sh
# Example deploy hook: runs once per renewed certificate, with
#   RENEWED_LINEAGE  the live directory, e.g. /etc/acme/live/example.com
#   RENEWED_DOMAINS  its names, space-separated
# Use it with: acme issue … --deploy-hook /usr/local/lib/acme/deploy-hook-nginx.sh
set -eu
# Refuse to reload a configuration nginx itself finds broken: the old certificate keeps serving.
nginx -t -q
systemctl reload nginx
logger -t acme "reloaded nginx for ${RENEWED_DOMAINS:-?} (${RENEWED_LINEAGE:-?})"
