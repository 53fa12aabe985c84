"""The plugin kit (issue 18): duplicate keys naming both plugins, the Lokadaya version range,
``manage.py plugins``, national admins switching a type off, the translation check, the hidden
"not installed" block and the records list's ask filter."""
import array
import json
import re
import struct
import sys
import textwrap
from decimal import Decimal
from importlib.metadata import version as dist_version
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import gettext, ngettext

import lokadaya
from campaigns import checks as plugin_checks
from campaigns import plugins as plugins_module
from campaigns.models import CampaignPage, SupportTypeSettings
from campaigns.plugins import PluginError, Registry, registry

GOOD_HOOKS = """
from campaigns.hookspecs import hookimpl
from campaigns.types import SupportType
from campaigns.blocks import AskBlock

@hookimpl
def support_type():
    return SupportType(key={key!r}, name="Fake", order=5, lokadaya_versions={versions!r})

@hookimpl
def ask_block():
    return AskBlock()

@hookimpl
def pledge_view(request, campaign, ask):
    return None

@hookimpl
def ask_progress(campaign, asks):
    return {{}}
"""

DONATION = {"title": "Donasi Sumur Kampung", "target": Decimal("5000000"), "minimum": Decimal("10000"),
            "suggested_amounts": [50000]}


@pytest.fixture
def fake_plugins(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    created = []

    def make(name, key=None, versions=""):
        package = tmp_path / name
        package.mkdir()
        (package / "__init__.py").write_text("")
        (package / "hooks.py").write_text(textwrap.dedent(GOOD_HOOKS.format(key=key or name, versions=versions)))
        created.append(name)
        return name

    yield make
    for name in created:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


@pytest.fixture
def fresh_switches():
    """The switched-off keys live in the shared cache, which the rolled-back database does not reset."""
    plugins_module.clear_disabled_cache()
    yield
    plugins_module.clear_disabled_cache()


def switch_off(*keys):
    row = SupportTypeSettings.load()
    row.disabled_types = list(keys)
    row.save()


# -- 1. a key taken twice names both plugins ----------------------------------------------------

def test_duplicate_key_names_both_plugins_with_the_package_of_the_entry_point(fake_plugins, monkeypatch):
    first = fake_plugins("fake_first", key="shared")
    second = fake_plugins("lokadaya_fake_second", key="shared")
    dist = SimpleNamespace(metadata={"Name": "lokadaya-fake-second"}, version="1.2.0")
    entry = SimpleNamespace(name="fake_second", value="lokadaya_fake_second", dist=dist)
    monkeypatch.setattr(plugins_module, "_entry_points", lambda: [entry])
    monkeypatch.setattr("django.conf.settings.BUILTIN_PLUGIN_APPS", ["fake_first"], raising=False)
    with pytest.raises(PluginError) as error:
        Registry().load([first, second])
    assert str(error.value) == (
        "Support type key 'shared' is declared by two plugins: 'fake_first' (built in) and "
        "'lokadaya_fake_second' (lokadaya-fake-second 1.2.0, entry point). Rename one type's key or "
        "uninstall one of them (LOKADAYA_DISABLED_PLUGINS=fake_first or pip uninstall lokadaya-fake-second).")


# -- 2. the Lokadaya versions a plugin supports ------------------------------------------------

def test_lokadaya_version_comes_from_the_installed_distribution():
    assert lokadaya.__version__ == dist_version("lokadaya")


def test_a_plugin_within_its_range_loads(fake_plugins):
    plugin = fake_plugins("fake_in_range", versions=f">={lokadaya.__version__},<999")
    local = Registry()
    local.load([plugin])
    assert local.get("fake_in_range").lokadaya_versions.startswith(">=")


def test_a_plugin_outside_its_range_stops_start_up_naming_range_and_version(fake_plugins):
    plugin = fake_plugins("fake_too_new", versions=">=999")
    with pytest.raises(PluginError) as error:
        Registry().load([plugin])
    message = str(error.value)
    assert "'fake_too_new'" in message and ">=999" in message
    assert f"this site runs Lokadaya {lokadaya.__version__}" in message


def test_an_invalid_range_is_a_clear_error(fake_plugins):
    plugin = fake_plugins("fake_bad_range", versions="about 1")
    with pytest.raises(PluginError, match=r"fake_bad_range.*lokadaya_versions='about 1' is not a valid version range"):
        Registry().load([plugin])


def test_a_prerelease_of_lokadaya_counts_as_its_version(fake_plugins):
    plugin = fake_plugins("fake_pre", versions=">=0.3,<1")
    info = SimpleNamespace(lokadaya_versions=">=0.3,<1")
    plugins_module.check_lokadaya_versions(plugin, info, running="0.4.0.dev1")
    with pytest.raises(PluginError):
        plugins_module.check_lokadaya_versions(plugin, info, running="0.2.9")


# -- 3. manage.py plugins --------------------------------------------------------------------

@pytest.mark.django_db
def test_plugins_command_lists_types_hooks_versions_and_switches(capsys, settings, fresh_switches):
    settings.BUILTIN_PLUGIN_APPS = [*settings.BUILTIN_PLUGIN_APPS, "plugins.left_out_by_env"]
    switch_off("inkind")
    call_command("plugins", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["lokadaya_version"] == lokadaya.__version__
    rows = {row["key"]: row for row in data["support_types"]}
    donation = rows["donation"]
    assert donation["app"] == "plugins.donation" and donation["source"] == "built in"
    assert donation["distribution"] == "lokadaya" and donation["version"] == lokadaya.__version__
    assert {"support_type", "pledge_view", "records_admin"} <= set(donation["hooks"])
    assert donation["enabled"] is True and rows["inkind"]["enabled"] is False
    assert donation["name"] == str(registry.get("donation").name)
    assert [row["app"] for row in data["disabled_by_environment"]] == ["plugins.left_out_by_env"]

    call_command("plugins")
    text = capsys.readouterr().out
    assert re.search(r"inkind .*\[SWITCHED OFF", text) and "plugins.left_out_by_env (built in" in text


# -- 4. national admins switch a type off ---------------------------------------------------

@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@lokadaya.id", "rahasia-123")


def _pledge_url(page):
    return page.url + f"dukung/{page.asks[0].id}/"


@pytest.mark.django_db
def test_screen_offers_checkboxes_of_installed_types_and_refuses_unknown_keys(client, superuser, fresh_switches):
    client.force_login(superuser)
    url = reverse("campaign_support_types")
    body = client.get(url).content.decode()
    for support_type in registry.installed_types():
        assert f'value="{support_type.key}"' in body and str(support_type.name) in body
    response = client.post(url, {"disabled_types": ["donation", "bookswap"]})
    assert response.status_code == 400
    assert gettext("%(value)s is not a support type installed on this site.") % {"value": "bookswap"} \
        in response.content.decode().replace("&#x27;", "'")
    assert registry.disabled_keys() == frozenset()


@pytest.mark.django_db
def test_an_oms_editor_can_neither_open_nor_post_the_screen(client, organisation, make_editor, fresh_switches):
    client.force_login(make_editor(organisation))
    url = reverse("campaign_support_types")
    # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a message.
    for response in (client.get(url), client.post(url, {"disabled_types": ["donation"]})):
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert not SupportTypeSettings.objects.exclude(disabled_types=[]).exists()
    assert registry.is_enabled("donation")


@pytest.mark.django_db
def test_switching_off_hides_the_type_everywhere_and_switching_on_restores_it(
        client, superuser, make_campaign, fresh_switches):
    page = make_campaign(asks=[("donation", DONATION)])
    pledge = _pledge_url(page)
    assert client.get(pledge).status_code == 200
    assert DONATION["title"] in client.get(page.url).content.decode()  # now kept in the page cache

    admin = client.__class__()
    admin.force_login(superuser)
    response = admin.post(reverse("campaign_support_types"), {"disabled_types": ["donation"]})
    assert response.status_code == 302
    assert SupportTypeSettings.load().disabled_types == ["donation"]

    # The campaign page still renders, without the ask (the kept copy was purged), and no pledge form.
    response = client.get(page.url)
    assert response.status_code == 200 and DONATION["title"] not in response.content.decode()
    assert client.get(pledge).status_code == 404
    fresh = CampaignPage.objects.get(pk=page.pk)
    assert fresh.get_asks() == [] and fresh.get_unavailable_asks() == ["donation"]
    # Offered nowhere: the registry's types (search facets, the API), the editor's add-block menu.
    assert "donation" not in [t.key for t in registry.support_types()]
    assert registry.is_installed("donation") and not registry.is_enabled("donation")
    edit = admin.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    notice = ngettext(
        "This campaign has an ask whose support type is not installed or is switched off on this site "
        "(%(types)s). It is kept unchanged and saved with the page, but visitors do not see it until the type "
        "is installed or switched on again.",
        "This campaign has asks whose support types are not installed or are switched off on this site "
        "(%(types)s). They are kept unchanged and saved with the page, but visitors do not see them until the "
        "types are installed or switched on again.",
        1) % {"types": "donation", "counter": 1}
    assert notice in edit
    assert '\\"menuHidden\\": [\\"unavailable\\", \\"donation\\"]' in edit or \
        "&quot;menuHidden&quot;: [&quot;unavailable&quot;, &quot;donation&quot;]" in edit

    response = admin.post(reverse("campaign_support_types"), {})
    assert response.status_code == 302
    response = client.get(page.url)
    assert response.status_code == 200 and DONATION["title"] in response.content.decode()
    assert client.get(pledge).status_code == 200
    assert "donation" in [t.key for t in registry.support_types()]
    edit = admin.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert notice not in edit


@pytest.mark.django_db
def test_a_new_ask_of_a_switched_off_type_is_refused_but_existing_ones_are_kept(make_campaign, fresh_switches):
    from django.core.exceptions import ValidationError

    page = make_campaign(asks=[("donation", DONATION)])
    switch_off("donation")
    page.title = "Judul baru"
    page.full_clean()  # the ask it already had stays
    page.asks.append(("donation", DONATION))
    with pytest.raises(ValidationError):
        page.full_clean()


@pytest.mark.django_db
def test_the_switched_off_keys_cost_no_query_once_read(django_assert_num_queries, fresh_switches):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    switch_off("petition")
    plugins_module.clear_disabled_cache()
    with CaptureQueriesContext(connection) as first:
        assert registry.disabled_keys() == frozenset({"petition"})
    # One read of the row (inside a savepoint, so a missing table cannot break the transaction).
    assert [q["sql"] for q in first.captured_queries if "SAVEPOINT" not in q["sql"]][0].count("SELECT") == 1
    assert len([q for q in first.captured_queries if "SAVEPOINT" not in q["sql"]]) == 1
    with django_assert_num_queries(0):
        assert registry.disabled_keys() == frozenset({"petition"})
        assert not registry.is_enabled("petition")


# -- 5. a msgid core translates differently ---------------------------------------------------

def _write_mo(path, entries):
    """A compiled gettext catalogue (the GNU .mo format) of ``entries``."""
    entries = {"": "Content-Type: text/plain; charset=UTF-8\n", **entries}
    keys = sorted(entries)
    ids = strs = b""
    offsets = []
    for key in keys:
        kb, vb = key.encode(), entries[key].encode()
        offsets.append((len(ids), len(kb), len(strs), len(vb)))
        ids += kb + b"\0"
        strs += vb + b"\0"
    key_start = 7 * 4 + 16 * len(keys)
    value_start = key_start + len(ids)
    key_offsets, value_offsets = [], []
    for id_offset, id_length, str_offset, str_length in offsets:
        key_offsets += [id_length, id_offset + key_start]
        value_offsets += [str_length, str_offset + value_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    path.parent.mkdir(parents=True)
    path.write_bytes(header + array.array("i", key_offsets).tobytes()
                     + array.array("i", value_offsets).tobytes() + ids + strs)


def test_translation_check_warns_when_core_overrides_a_plugins_text(tmp_path, monkeypatch, settings):
    from django.apps import apps

    settings.LOCALE_PATHS = []
    core_dir, plugin_dir = tmp_path / "core", tmp_path / "fake_plugin"
    _write_mo(core_dir / "locale" / "id" / "LC_MESSAGES" / "django.mo", {"Raised": "Terkumpul", "Ends": "Selesai"})
    _write_mo(plugin_dir / "locale" / "id" / "LC_MESSAGES" / "django.mo", {
        "Raised": "Terhimpun",  # core says otherwise: the plugin's text never shows
        "Ends": "Selesai",  # the same text: fine
        "fake\x04Raised": "Terhimpun",  # its own context: fine
    })
    configs = [SimpleNamespace(name="corething", label="corething", path=str(core_dir)),
               SimpleNamespace(name="fake_plugin", label="fake_plugin", path=str(plugin_dir))]
    monkeypatch.setattr(apps, "get_app_configs", lambda: configs)
    monkeypatch.setattr(registry, "apps", {"fake": "fake_plugin"})
    warnings = plugin_checks.check_plugin_translations()
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning.id == "campaigns.W001" and warning.obj == "fake_plugin"
    assert "'fake_plugin'" in warning.msg and "'Raised'" in warning.msg
    assert "'Terhimpun'" in warning.msg and "'Terkumpul'" in warning.msg and "core app 'corething'" in warning.msg
    assert "pgettext" in warning.hint

    # Listed first, the plugin wins and nothing is hidden.
    monkeypatch.setattr(apps, "get_app_configs", lambda: configs[::-1])
    assert plugin_checks.check_plugin_translations() == []


# -- 6. "not installed" is not in the add-block menu --------------------------------------------

@pytest.mark.django_db
def test_unavailable_block_is_kept_but_not_offered(admin_client, make_campaign, fresh_switches):
    page = make_campaign(asks=[("donation", DONATION)])
    block = page.asks.stream_block
    assert "unavailable" in block.child_blocks  # existing ones still draw
    offered = [b.name for _group, blocks in block.menu_child_blocks() for b in blocks]
    assert "unavailable" not in offered and "donation" in offered
    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "&quot;menuHidden&quot;: [&quot;unavailable&quot;]" in edit or '\\"menuHidden\\": [\\"unavailable\\"]' in edit


# -- 7. the records list's ask filter ----------------------------------------------------------

@pytest.mark.django_db
def test_records_list_offers_the_asks_of_the_editors_campaigns_only(
        client, organisation, make_organisation, make_campaign, make_editor):
    own = make_campaign(asks=[("donation", {**DONATION, "title": "Sumur milik kami"})], title="Kampanye Kami")
    other_oms = make_organisation(slug="oms-lain", email="lain@contoh.id")
    make_campaign(asks=[("donation", {**DONATION, "title": "Sumur orang lain"})], parent=other_oms, slug="lain")
    client.force_login(make_editor(organisation))
    url = reverse("campaign_records:list", kwargs={"type_key": "donation"})
    body = client.get(url).content.decode()
    ask_id = own.asks[0].id
    assert '<select id="f-ask" name="ask"' in body
    assert f'<option value="{ask_id}" >Sumur milik kami</option>' in body
    assert "Sumur orang lain" not in body
    body = client.get(url, {"ask": ask_id}).content.decode()
    assert f'<option value="{ask_id}" selected>' in body
