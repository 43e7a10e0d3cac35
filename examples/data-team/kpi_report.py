#!/usr/bin/env python3
"""A data team's pull from Schoolmix (issue 17, examples), Python standard library only.

1. Pages through the nested KPI report over GraphQL: every project with its lead municipality,
   funding period and KPI, 50 at a time with `first`/`after`.
2. Downloads the KPI export (/export/project-kpis.ndjson) and the social-mix report
   (/export/social-mix.ndjson), and reads the data dictionary (/export/schema.json).
3. Computes figures from them: reached households per funding period (from the pages and from the
   export, which must agree), and the mean dissimilarity index of the 2025 municipalities in one
   school year (withheld indices skipped, as their `suppressed` column says).

Run:
    SCHOOLMIX_URL=http://localhost:4000 SCHOOLMIX_EMAIL=analyst@schoolmix.demo \\
    SCHOOLMIX_PASSWORD=schoolmix-demo python3 examples/data-team/kpi_report.py
or with SCHOOLMIX_TOKEN=<session token or API key> instead of e-mail and password.
Prints one JSON object.
"""
import json
import os
import sys
import urllib.error
import urllib.request

URL = os.environ.get("SCHOOLMIX_URL", "http://localhost:4000").rstrip("/")
SCHOOL_YEAR = os.environ.get("SCHOOLMIX_SCHOOL_YEAR", "2023-2024")

KPI_PAGE = """
query KpiPage($first: Int!, $after: String) {
  projects(first: $first, after: $after, orderBy: [{ field: TITLE }]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id title status
      fundingPeriod { number }
      leadMunicipality { nisCode name }
      kpi { target reached progress onTrack suppressed { field reason } }
    }
  }
}
"""

LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) { token userErrors { field code message } }
}
"""


def request(path, body=None, token=None):
    headers = {"accept": "application/json"}
    if body is not None:
        headers["content-type"] = "application/json"
    if token:
        headers["authorization"] = "Bearer " + token
    data = json.dumps(body).encode("utf-8") if body is not None else None
    req = urllib.request.Request(URL + path, data=data, headers=headers, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        # GraphQL and the exports answer errors as JSON with extensions.code: show them.
        sys.exit("HTTP %s on %s: %s" % (error.code, path, error.read().decode("utf-8", "replace")))


def graphql(query, variables, token):
    answer = json.loads(request("/graphql", {"query": query, "variables": variables}, token))
    if answer.get("errors"):
        sys.exit("GraphQL errors: %s" % json.dumps(answer["errors"]))
    return answer["data"]


def sign_in():
    token = os.environ.get("SCHOOLMIX_TOKEN")
    if token:
        return token
    email = os.environ.get("SCHOOLMIX_EMAIL", "analyst@schoolmix.demo")
    password = os.environ.get("SCHOOLMIX_PASSWORD", "schoolmix-demo")
    login = graphql(LOGIN, {"email": email, "password": password}, None)["login"]
    if not login["token"]:
        sys.exit("login refused: %s" % login["userErrors"])
    return login["token"]


def ndjson(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def main():
    token = sign_in()

    # 1. The nested report, page by page.
    projects, after, pages, total = [], None, 0, None
    while True:
        page = graphql(KPI_PAGE, {"first": 50, "after": after}, token)["projects"]
        projects.extend(page["nodes"])
        total, pages = page["totalCount"], pages + 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(projects) == total, "the pages must add up to totalCount"

    funded = [p for p in projects if p["status"] in ("APPROVED", "CLOSED")]
    reached_by_period = {}
    withheld = 0
    for p in funded:
        key = str(p["fundingPeriod"]["number"])
        reached = p["kpi"]["reached"]
        if reached is None:  # withheld by disclosure control (analysts): counted, not guessed
            withheld += 1
            continue
        reached_by_period[key] = reached_by_period.get(key, 0) + reached

    # 2. The files.
    dictionary = json.loads(request("/export/schema.json"))
    kpi_rows = ndjson(request("/export/project-kpis.ndjson", token=token))
    mix_rows = ndjson(request("/export/social-mix.ndjson?schoolYear=" + SCHOOL_YEAR, token=token))

    export_reached = {}
    for row in kpi_rows:
        if row["status"] in ("APPROVED", "CLOSED") and row["reached"] is not None:
            key = str(row["period"])
            export_reached[key] = export_reached.get(key, 0) + row["reached"]

    # 3. One figure from the social-mix report: the mean dissimilarity D of the municipalities
    # whose index is published that school year.
    published = [r["dissimilarity"] for r in mix_rows if r["dissimilarity"] is not None]
    mean_d = round(sum(published) / len(published), 4) if published else None

    print(json.dumps({
        "pages": pages,
        "projects": total,
        "fundedProjects": len(funded),
        "withheldReached": withheld,
        "reachedByPeriod": reached_by_period,
        "exportReachedByPeriod": export_reached,
        "exportColumns": [c["name"] for c in dictionary["reports"]["project-kpis"]["columns"]],
        "schoolYear": SCHOOL_YEAR,
        "municipalitiesWithIndex": len(published),
        "municipalitiesWithheld": len(mix_rows) - len(published),
        "meanDissimilarity": mean_d,
    }, sort_keys=True))


if __name__ == "__main__":
    main()
