"""The API docs page runs under the site's strict CSP: nothing inline, every asset from
this origin (drf-spectacular-sidecar's files), no CDN."""

import re

from django.contrib.staticfiles import finders


def test_the_docs_page_loads_only_local_assets_and_nothing_inline(client, db):
    response = client.get("/api/v1/docs/")
    page = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<style" not in page and "style=" not in page
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts and all("src=" in attrs for attrs in scripts)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(url.startswith("/") and not url.startswith("//") for url in assets)
    for url in assets:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
    start = next(url for url in assets if "script" in url)
    assert client.get(start).status_code == 200


def test_the_schema_is_openapi_3_1(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert schema["openapi"].startswith("3.1")
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
