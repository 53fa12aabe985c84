"""A client generated from the API's own OpenAPI schema reads every endpoint (issue 18).

The schema served at ``/api/v1/schema/`` is fed to ``openapi-python-client`` (offline: no post-hooks),
the generated package is imported, and for **every GET operation in the schema** its generated
``sync_detailed`` is called, found by the operationId the way the generator names modules, with
realistic parameters: the filters set to this module's own OMS, campaign, story and programme
(so every filter must still find them), path parameters taken from the operation's list endpoint
(``/x/`` for ``/x/{id}/``) or, where there is none, from ``PATH_VALUES``. A new endpoint is read
without editing this test; one whose path parameter has no source fails it.

Every answer must be a 200 that the generated models parse and give back unchanged
(``to_dict()`` equals the JSON), a detail must say what its item in the list says; and the
operations on this module's data give the figures built here.

Requests go through the generated client's httpx to Django's WSGI application in this process (as
the test client does, with the database connection kept open), so the world is built once per
module in a transaction that is rolled back after, with no server thread or committed data.
"""
import importlib
import inspect
import json
import subprocess
import sys
import typing
from decimal import Decimal
from enum import Enum
from pathlib import Path

import pytest
from django.utils import timezone

from campaigns.plugins import registry
from lokadaya.testing import module_transaction

ROOT = Path(__file__).resolve().parent.parent
#: The generator installed beside this Python (the virtualenv's, whatever its path).
GENERATOR = Path(sys.executable).parent / "openapi-python-client"
PACKAGE = "lokadaya_api_client"
BASE_URL = "http://localhost"

CAMPAIGN_TITLE = "Lampu Tenaga Surya untuk Dusun Ngelo"
OMS_TITLE = "Yayasan Terang Desa"
STORY_TITLE = "Dusun Ngelo kini terang"
PROGRAMME_TITLE = "Program Energi Bersih"
DONATIONS = (50_000, 100_000)  # confirmed, in the ledger
REGENCY_CODE, PROVINCE_CODE, SDG_NUMBER = "33.74", "33", 7


class World(dict):
    __getattr__ = dict.__getitem__


def _publish(page):
    page.save_revision().publish()
    return page


def build_world():
    import datetime

    from wagtail.models import Locale, Page, Site

    from campaigns.models import CampaignIndexPage, CampaignPage
    from editorial.gate import publishing_without_review
    from finance.ledger import bulk_record_income
    from home.models import HomePage
    from partners.models import OrganisationIndexPage, OrganisationPage
    from plugins.donation.models import Donation, Payment
    from programmes.models import ProgrammeIndexPage, ProgrammePage
    from regions.models import Regency
    from sdgs.models import SDG
    from stories.models import StoryIndexPage, StoryPage

    today = timezone.localdate()
    regency = Regency.objects.get(code=REGENCY_CODE)
    sdg = SDG.objects.get(number=SDG_NUMBER)
    with publishing_without_review("test world: generated API client"):
        Page.objects.filter(depth=2).exclude(content_type__model="homepage").delete()
        home = HomePage.objects.filter(locale__language_code="id").first()
        if home is None:
            home = HomePage(title="Lokadaya", slug="home", hero_title="Memacu keberdayaan lokal")
            Page.get_first_root_node().add_child(instance=home)
            _publish(home)
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Lokadaya")
        if not HomePage.objects.filter(locale__language_code="en").exists():
            _publish(home.copy_for_translation(Locale.objects.get(language_code="en")))
        indexes = {}
        for model, slug in ((CampaignIndexPage, "galang-daya"), (OrganisationIndexPage, "mitra"),
                            (StoryIndexPage, "cerita-perubahan"), (ProgrammeIndexPage, "program-nasional")):
            found = model.objects.filter(slug=slug, locale=home.locale).first()  # made by a migration
            if found is None:
                found = home.add_child(instance=model(title=slug.replace("-", " ").title(), slug=slug))
                _publish(found)
            indexes[slug] = found

        oms = OrganisationPage(title=OMS_TITLE, slug="terang-desa", regency=regency, email="oms@contoh.id",
                               summary="OMS energi desa.", is_verified=True)
        indexes["mitra"].add_child(instance=oms)
        oms.sdgs.set([sdg])
        _publish(oms)

        campaign = CampaignPage(
            title=CAMPAIGN_TITLE, slug="lampu-ngelo", regency=regency, summary="Tiga puluh lampu untuk dusun.",
            start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=30),
            asks=[("donation", {"title": "Donasi lampu", "target": Decimal("3000000"), "minimum": Decimal("10000"),
                                "suggested_amounts": [50000, 100000]}),
                  ("inkind", {"title": "Kabel dan tiang", "description": "",
                              "items": [{"name": "Kabel", "unit": "meter", "quantity": 200}],
                              "drop_off_address": "Balai Dusun Ngelo", "allows_pick_up": True})])
        oms.add_child(instance=campaign)
        campaign.sdgs.set([sdg])
        _publish(campaign)
        campaign.refresh_from_db()
        ask_id = campaign.get_asks()[0].id
        donations = []
        for amount in DONATIONS:
            payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount),
                                             received_amount=Decimal(amount), captured_amount=Decimal(amount),
                                             status="confirmed")
            donations.append(Donation.objects.create(
                campaign=campaign, ask_id=ask_id, amount=Decimal(amount), payment=payment, name="Donatur",
                email="donatur@contoh.id", status=Donation.Status.CONFIRMED, received_amount=Decimal(amount)))
        bulk_record_income(campaign, donations, amount_field="counted_amount")

        story = StoryPage(title=STORY_TITLE, slug="ngelo-terang", summary="Warga kini belajar malam hari.",
                          regency=regency, organisation=oms)
        indexes["cerita-perubahan"].add_child(instance=story)
        story.campaigns.set([campaign])
        story.sdgs.set([sdg])
        _publish(story)

        programme = ProgrammePage(title=PROGRAMME_TITLE, slug="energi-bersih", sdg=sdg, summary="Energi desa.")
        programme.campaigns.set([campaign])
        indexes["program-nasional"].add_child(instance=programme)
        _publish(programme)
    return World(campaign=campaign, oms=oms, story=story, programme=programme, sdg=sdg, regency=regency)


#: Every test uses the database: pytest-django sets up the test database only for a session with
#: such tests; without them this module's world would be built (and rolled back) in the real one.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from django.core.cache import caches
    from django.db import connection

    with module_transaction(django_db_blocker):
        test_name = connection.creation._get_test_db_name()
        assert connection.settings_dict["NAME"] == test_name, "not the test database: refusing to build"
        for cache in caches.all():  # figures another module left cached (the transparency's)
            cache.clear()
        yield build_world()


#: Query parameters with values from the world: each list narrowed by them must still find it.
def query_values(world):
    return {"lang": "id", "page": 1, "page_size": 50, "province": PROVINCE_CODE, "regency": REGENCY_CODE,
            "sdg": str(SDG_NUMBER), "type": "donation", "status": "active", "verified": True}


#: Path parameters of operations without a list endpoint to take them from, by path template.
PATH_VALUES = {
    "/api/v1/transparency/provinces/{code}/": {"code": lambda world: PROVINCE_CODE},
}


# -- the generated client ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema(world):
    from django.test import Client

    response = Client().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200, response.content[:500]
    return json.loads(response.content)


@pytest.fixture(scope="module")
def generated(schema, tmp_path_factory):
    """The package ``openapi-python-client`` generates from the schema, imported (once per module)."""
    where = tmp_path_factory.mktemp("api_client")
    (where / "schema.json").write_text(json.dumps(schema))
    # No post-hooks (ruff): nothing runs but the generator, nothing reaches the network.
    (where / "config.yaml").write_text("post_hooks: []\n")
    result = subprocess.run(
        [str(GENERATOR), "generate", "--path", "schema.json", "--output-path", PACKAGE, "--meta", "none",
         "--config", "config.yaml", "--fail-on-warning"],
        check=False, cwd=where, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(where))
    try:
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        package = importlib.import_module(PACKAGE)
        yield package
    finally:
        sys.path.remove(str(where))


@pytest.fixture(scope="module")
def api_client(generated, world):
    """The generated ``Client`` whose httpx talks to Django in this process (as the test client does,
    the connection is not closed at each request, so the module's transaction is seen)."""
    import httpx
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        transport = httpx.WSGITransport(app=get_wsgi_application())
        yield generated.Client(base_url=BASE_URL, raise_on_unexpected_status=True,
                               httpx_args={"transport": transport})
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def get_operations(schema):
    """``[(path template, operation)]`` of every GET in the schema, in the schema's order."""
    return [(path, item["get"]) for path, item in schema["paths"].items() if "get" in item]


def endpoint(generated, operation):
    """The generated module of ``operation``: named from its operationId as the generator names it."""
    from openapi_python_client.strings import PythonIdentifier

    module = PythonIdentifier(operation["operationId"], "field_")
    for tag_dir in (Path(generated.__file__).parent / "api").iterdir():
        if (tag_dir / f"{module}.py").exists():
            return importlib.import_module(f"{generated.__name__}.api.{tag_dir.name}.{module}")
    raise AssertionError(f"No generated module for operation {operation['operationId']!r}")


def _argument(function, schema_name, value):
    """``(python name, value)`` for the generated function's parameter named after ``schema_name``,
    the value turned into the enum the signature wants where it wants one."""
    from openapi_python_client.strings import PythonIdentifier

    name = PythonIdentifier(schema_name, "field_")
    parameter = inspect.signature(function).parameters.get(name)
    assert parameter is not None, f"{function.__module__}: no parameter for {schema_name!r}"
    for kind in typing.get_args(parameter.annotation) or (parameter.annotation,):
        if isinstance(kind, type) and issubclass(kind, Enum):
            return name, kind(value)
    return name, value


def _data(response):
    return json.loads(response.content)


def call(api_client, generated, schema, world, path, operation, path_values=None):
    """Call ``operation`` through the generated client; returns the httpx-level response."""
    module = endpoint(generated, operation)
    function = module.sync_detailed
    known = query_values(world)
    kwargs = {}
    for parameter in operation.get("parameters", []):
        name = parameter["name"]
        if parameter["in"] == "path":
            if name not in (path_values or {}):
                pytest.fail(f"{path}: no value for its path parameter {name!r}: give the path a list "
                            f"endpoint, or add it to PATH_VALUES")
            key, value = _argument(function, name, path_values[name])
        elif parameter["in"] == "query" and name in known:
            key, value = _argument(function, name, known[name])
        elif parameter.get("required"):
            pytest.fail(f"{path}: no value for its required {parameter['in']} parameter {name!r}")
        else:
            continue
        kwargs[key] = value
    response = function(client=api_client, **kwargs)
    assert response.status_code == 200, (path, kwargs, response.content[:500])
    assert response.parsed is not None and not isinstance(response.parsed, getattr(generated.models, "Error", ())), path
    # The generated models read every field and give it back unchanged.
    assert response.parsed.to_dict() == _data(response), path
    return response


def _list_path(path):
    """``/x/`` for ``/x/{id}/``; None when the path does not end with a parameter."""
    head, _sep, last = path.rstrip("/").rpartition("/")
    return head + "/" if last.startswith("{") and last.endswith("}") else None


def read_everything(api_client, generated, schema, world):
    """``{path template: response}`` for every GET operation, lists first (they give the ids)."""
    operations = get_operations(schema)
    by_path = dict(operations)
    responses = {}
    for path, operation in sorted(operations, key=lambda pair: pair[0].count("{")):
        path_values = {}
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
        if names:
            listing = _list_path(path)
            if listing in by_path and len(names) == 1:
                assert listing in responses, f"{listing} was not read before {path}"
                items = _data(responses[listing]).get("results") or []
                assert items, f"{listing} lists nothing to read {path} with"
                if names[0] in items[0]:
                    path_values[names[0]] = items[0][names[0]]
            for name, value in PATH_VALUES.get(path, {}).items():
                path_values[name] = value(world)
        responses[path] = call(api_client, generated, schema, world, path, operation, path_values)
        if names and _list_path(path) in by_path:
            # The thing read by its id says what its list says of it (and may say more).
            data, item = _data(responses[path]), _data(responses[_list_path(path)])["results"][0]
            assert {key: data.get(key) for key in item} == item, f"{path} differs from its item in the list"
    return responses


@pytest.fixture(scope="module")
def responses(api_client, generated, schema, world):
    return read_everything(api_client, generated, schema, world)


# -- the tests -----------------------------------------------------------------------------------


def test_schema_is_only_the_public_api(schema):
    paths = list(schema["paths"])
    assert paths and all(path.startswith("/api/v1/") for path in paths), paths
    for path, item in schema["paths"].items():
        assert set(item) - {"parameters"} <= {"get", "head"}, (path, sorted(item))


def test_every_operation_is_read(schema, responses):
    """Every GET of the schema answered 200, parsed by the generated models (``read_everything``)."""
    assert sorted(responses) == sorted(path for path, _operation in get_operations(schema))
    assert len(responses) >= 17  # the endpoints of issue 18, at least


def _one(responses, path):
    response = responses.get(path)
    assert response is not None, f"the schema has no {path}"
    return response.parsed


def test_campaigns(responses, world):
    listed = _one(responses, "/api/v1/campaigns/")
    assert [c.title for c in listed.results] == [CAMPAIGN_TITLE]
    campaign = _one(responses, "/api/v1/campaigns/{id}/")
    assert campaign.id == world.campaign.pk and campaign.title == CAMPAIGN_TITLE
    assert campaign.money_raised == str(sum(DONATIONS))
    assert campaign.supporters == len(DONATIONS)
    assert campaign.organisation.name == OMS_TITLE and campaign.region.province_code == PROVINCE_CODE
    assert [s.number for s in campaign.sdgs] == [SDG_NUMBER]
    assert campaign.support.open_ is True
    donation, inkind = campaign.asks
    assert (donation.type_, donation.progress.current, donation.progress.target) == ("donation", "150000", "3000000")
    assert donation.details["suggested_amounts"] == ["50000", "100000"]
    assert inkind.type_ == "inkind"
    assert [(i["name"], i["needed"], i["still_needed"]) for i in inkind.details["items"]] == [("Kabel", 200, 200)]


def test_support_types(responses):
    keys = [t.key for t in _one(responses, "/api/v1/support-types/").results]
    # Every installed type (the example plugin too, when installed), in display order.
    assert keys == [t.key for t in registry.support_types()]
    assert {"donation", "inkind", "volunteering", "partnership", "petition"} <= set(keys)


def test_organisations(responses, world):
    oms = _one(responses, "/api/v1/organisations/{id}/")
    assert (oms.id, oms.name, oms.verified) == (world.oms.pk, OMS_TITLE, True)
    assert (oms.campaign_count, oms.story_count, oms.money_raised) == (1, 1, str(sum(DONATIONS)))


def test_stories_and_programmes(responses, world):
    story = _one(responses, "/api/v1/stories/{id}/")
    assert (story.id, story.title, story.organisation.name) == (world.story.pk, STORY_TITLE, OMS_TITLE)
    assert [c.title for c in story.campaigns] == [CAMPAIGN_TITLE]
    programme = _one(responses, "/api/v1/programmes/{id}/")
    assert (programme.id, programme.title, programme.sdg.number) == (world.programme.pk, PROGRAMME_TITLE, SDG_NUMBER)


def test_regions_and_sdgs(responses, world):
    assert _one(responses, "/api/v1/sdgs/").count == 17
    assert _one(responses, "/api/v1/sdgs/{number}/").number == 1
    provinces = _one(responses, "/api/v1/regions/provinces/")
    assert provinces.count == 38 and provinces.results[0].code == "11"
    regencies = _one(responses, "/api/v1/regions/regencies/")  # narrowed to the world's province
    assert {r.province_code for r in regencies.results} == {PROVINCE_CODE}
    assert REGENCY_CODE in [r.code for r in regencies.results]


def test_transparency(responses):
    national = _one(responses, "/api/v1/transparency/").national
    assert national.money_gross == str(sum(DONATIONS))
    assert int(national.money_fee) + int(national.money_net) == sum(DONATIONS)
    assert (national.campaigns, national.supporters) == (1, len(DONATIONS))
    province = _one(responses, "/api/v1/transparency/provinces/{code}/")
    assert (province.province_code, province.money_gross, province.campaigns) == (
        PROVINCE_CODE, str(sum(DONATIONS)), 1)
