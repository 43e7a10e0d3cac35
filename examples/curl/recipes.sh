#!/usr/bin/env bash
# curl recipes for Schoolmix (issue 17, examples): sign in, page a query, fetch an object by its
# global id, recognise an error by its code, download an export and its data dictionary.
# Each recipe is one curl command you can copy; this script runs them in order and prints what
# came back (server/src/examples.test.ts runs it against a real server).
#
#   SCHOOLMIX_URL=http://localhost:4000 bash examples/curl/recipes.sh
#
# Needs only bash, curl and sed. Set SCHOOLMIX_TOKEN (a session token or an API key smx_…) or
# SCHOOLMIX_EMAIL/SCHOOLMIX_PASSWORD (default: the reviewer of the demo data set).
set -euo pipefail
URL="${SCHOOLMIX_URL:-http://localhost:4000}"
EMAIL="${SCHOOLMIX_EMAIL:-reviewer@schoolmix.demo}"
PASSWORD="${SCHOOLMIX_PASSWORD:-schoolmix-demo}"
OUT="${SCHOOLMIX_OUT:-$(mktemp -d)}"

# 1. Sign in: the answer's token goes in "Authorization: Bearer …" from now on.
TOKEN="${SCHOOLMIX_TOKEN:-}"
if [ -z "$TOKEN" ]; then
  TOKEN=$(curl -sS "$URL/graphql" -H 'content-type: application/json' \
    -d "{\"query\":\"mutation(\$email: String!, \$password: String!) { login(input: {email: \$email, password: \$password}) { token userErrors { code message } } }\",
         \"variables\":{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}}" \
    | sed -nE 's/.*"token":"([^"]+)".*/\1/p')
fi
[ -n "$TOKEN" ] || { echo "login failed" >&2; exit 1; }
echo "login: ok"

# 2. A page of projects (first/after); the next page passes the endCursor as "after".
PAGE=$(curl -sS "$URL/graphql" -H 'content-type: application/json' -H "Authorization: Bearer $TOKEN" \
  -d '{"query":"query($after: String) { projects(first: 2, after: $after, orderBy: [{ field: TITLE }]) { totalCount pageInfo { hasNextPage endCursor } nodes { id nodeId title } } }","variables":{"after":null}}')
CURSOR=$(printf '%s' "$PAGE" | sed -nE 's/.*"endCursor":"([^"]+)".*/\1/p')
NODE_ID=$(printf '%s' "$PAGE" | sed -nE 's/.*"nodes":\[\{"id":"[^"]+","nodeId":"([^"]+)".*/\1/p')
echo "page 1: endCursor=$CURSOR"
PAGE2=$(curl -sS "$URL/graphql" -H 'content-type: application/json' -H "Authorization: Bearer $TOKEN" \
  -d "{\"query\":\"query(\$after: String) { projects(first: 2, after: \$after, orderBy: [{ field: TITLE }]) { nodes { title } } }\",\"variables\":{\"after\":\"$CURSOR\"}}")
echo "page 2: $PAGE2"

# 3. Any object by its global id (nodeId), under the same rules as its own query.
NODE=$(curl -sS "$URL/graphql" -H 'content-type: application/json' -H "Authorization: Bearer $TOKEN" \
  -d "{\"query\":\"query(\$id: ID!) { node(id: \$id) { __typename nodeId ... on Project { title } } }\",\"variables\":{\"id\":\"$NODE_ID\"}}")
echo "node: $NODE"

# 4. An error is recognised by extensions.code, not by its message: a UUID where a nodeId belongs.
ERROR=$(curl -sS "$URL/graphql" -H 'content-type: application/json' -H "Authorization: Bearer $TOKEN" \
  -d '{"query":"{ node(id: \"00000000-0000-4000-8000-000000000000\") { nodeId } }"}')
echo "error code: $(printf '%s' "$ERROR" | sed -nE 's/.*"extensions":\{"code":"([A-Z_]+)".*/\1/p')"

# 5. An export for Excel (CSV, Dutch settings) and the same as NDJSON, one JSON object a line.
curl -sS -H "Authorization: Bearer $TOKEN" -o "$OUT/project-kpis.csv" "$URL/export/project-kpis.csv?fundingPeriod=3"
echo "csv header: $(head -1 "$OUT/project-kpis.csv" | tr -d '\r' | sed 's/^\xEF\xBB\xBF//')"
curl -sS -H "Authorization: Bearer $TOKEN" -o "$OUT/events.ndjson" "$URL/export/events.ndjson?fundingPeriod=3"
echo "events: $(wc -l < "$OUT/events.ndjson" | tr -d ' ') rows, first starts_at $(head -1 "$OUT/events.ndjson" | sed -nE 's/.*"starts_at":"([^"]+)".*/\1/p')"

# 6. The data dictionary of every export (no sign-in needed).
curl -sS -o "$OUT/schema.json" "$URL/export/schema.json"
echo "dictionary: $(grep -o '"name":"[a-z_0-9]*"' "$OUT/schema.json" | wc -l | tr -d ' ') columns"
