#!/usr/bin/env bash
# One-shot (Meshbone image, as the admin, from the MESHBONE_* variables): the mesh's ACL plan for the demo domains
# and each domain's registry group, created by the admin and owned by its domain (so no one can squat it).
set -euo pipefail
: "${MESHBONE_REGISTRY_URL:?}" "${MESHBONE_REGISTRY_USERNAME:?}" "${MESHBONE_REGISTRY_PASSWORD:?}" "${MESH_DOMAINS:?}"

domains=()
for d in $MESH_DOMAINS; do domains+=(--domain "$d"); done
# New SCRAM users reach the broker asynchronously; the plan is idempotent, so a second try is harmless.
for attempt in 1 2 3 4 5; do
  java -cp /app/mesh.jar dev.meshbone.cli.MeshCli acl apply "${domains[@]}" && break
  [ "$attempt" -lt 5 ] || exit 1
  sleep 3
done

api="${MESHBONE_REGISTRY_URL%/}"
auth="${MESHBONE_REGISTRY_USERNAME}:${MESHBONE_REGISTRY_PASSWORD}"
for attempt in $(seq 1 60); do
  curl -fsS -o /dev/null -u "$auth" "$api/groups?limit=1" && break
  [ "$attempt" -lt 60 ] || { echo "registry not ready at $api" >&2; exit 1; }
  sleep 2
done
for d in $MESH_DOMAINS; do
  status="$(curl -sS -o /dev/null -w '%{http_code}' -u "$auth" -H 'Content-Type: application/json' \
    -X POST "$api/groups" -d "{\"groupId\":\"$d\"}")"
  case "$status" in 200|409) ;; *) echo "cannot create registry group $d: HTTP $status" >&2; exit 1 ;; esac
  curl -fsS -o /dev/null -u "$auth" -H 'Content-Type: application/json' -X PUT "$api/groups/$d" \
    -d "{\"owner\":\"$d\"}"
  echo "registry group $d: owner $d"
done
