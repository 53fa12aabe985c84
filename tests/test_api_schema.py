"""The API's OpenAPI 3 schema (``/api/v1/schema/``) and its documentation page (``/api/v1/docs/``).

The schema is generated from the code (drf-spectacular): it must validate, name every data route
of ``api/urls.py``, type every response, have unique operation ids and no security scheme (the API
is anonymous). The docs page is served by the site (no CDN) and runs under the strict CSP: every
script is same-origin or carries the response's nonce.
"""
import re

import pytest
import yaml
from django.urls import URLPattern
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def _api_routes():
    """The data routes of api/urls.py as OpenAPI paths (``<int:id>`` -> ``{id}``)."""
    from api import urls

    routes = set()
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in urls.NOT_IN_SCHEMA:
            continue
        routes.add("/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern)))
    return routes


def test_schema_validates_and_covers_every_route(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")
    routes = _api_routes()
    assert len(routes) >= 17
    assert set(schema["paths"]) == routes


def test_every_operation_is_a_typed_get_with_a_unique_id(schema):
    operation_ids = []
    for path, item in schema["paths"].items():
        assert set(item) - {"parameters"} == {"get"}, path  # read-only
        operation = item["get"]
        operation_ids.append(operation["operationId"])
        content = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in content, path
        assert "400" in operation["responses"] and "429" in operation["responses"], path
        names = {parameter["name"] for parameter in operation.get("parameters", ())}
        assert "lang" in names, path
    assert len(operation_ids) == len(set(operation_ids))
    components = schema["components"]["schemas"]
    for name, component in components.items():
        for field, spec in component.get("properties", {}).items():
            assert spec.get("type") or spec.get("$ref") or spec.get("allOf") or spec.get("oneOf"), (name, field)
    paginated = components["PaginatedCampaignList"]["properties"]
    assert {"count", "next", "previous", "results"} <= set(paginated)
    assert components["Campaign"]["properties"]["money_raised"]["type"] == "string"
    assert components["Progress"]["properties"]["money"]["type"] == "string"


def test_no_cookie_or_session_security(schema):
    assert not schema.get("components", {}).get("securitySchemes")
    assert all(not item["get"].get("security") or item["get"]["security"] == [{}]
               for item in schema["paths"].values())


def test_schema_in_yaml_too(client, schema):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["paths"].keys() == schema["paths"].keys()


def test_docs_page_is_served_by_the_site_under_the_csp(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "script-src 'self' 'nonce-" in policy
    scripts = re.findall(r"<script([^>]*)>", html)
    assert len(scripts) == 3
    for attributes in scripts:
        source = re.search(r'src="([^"]+)"', attributes)
        if source:
            assert source.group(1).startswith("/static/drf_spectacular_sidecar/"), attributes
        else:
            assert f'nonce="{nonce}"' in attributes, attributes
    for style in re.findall(r"<style([^>]*)>", html):
        assert f'nonce="{nonce}"' in style
    for link in re.findall(r'(?:href|src)="(https?:)?//', html):
        pytest.fail(f"an address on another host: {link}")
    assert "/api/v1/schema/?format=json" in html
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(asset).status_code == 200, asset
    assert not response.cookies
