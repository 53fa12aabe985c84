"""Platform registrations in the admin: moderators manage their province's, national staff all (lti/scope.py)."""
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from lti import keys
from lti.models import Platform
from lti.testing import StandInPlatform
from network.models import ProvincialNetwork

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def world(db):
    ntt = ProvincialNetwork.objects.get(province__code="53")
    jateng = ProvincialNetwork.objects.get(province__code="33")
    moderator = User.objects.create_user("moderator-ntt", password="x")
    ntt.moderators.add(moderator)
    other_moderator = User.objects.create_user("moderator-jateng", password="x")
    jateng.moderators.add(other_moderator)
    admin = User.objects.create_superuser("nasional", "nasional@lokadaya.id", "x")
    ours = StandInPlatform(issuer="https://moodle.ntt.example").register(network=ntt, name="Moodle NTT")
    theirs = StandInPlatform(issuer="https://moodle.jateng.example").register(network=jateng, name="Moodle Jateng")
    national = StandInPlatform(issuer="https://moodle.lokadaya.example").register(name="Moodle Nasional")
    return type("World", (), dict(ntt=ntt, jateng=jateng, moderator=moderator, other_moderator=other_moderator,
                                  admin=admin, ours=ours, theirs=theirs, national=national))


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def form_data(network, **fields):
    data = {"network": network.pk if network else "", "name": "Moodle Baru", "issuer": "https://moodle.baru.example",
            "client_id": "abc123", "deployment_ids": "3, 4", "auth_login_url": "https://moodle.baru.example/auth",
            "access_token_url": "https://moodle.baru.example/token", "active": "on",
            "key_set_url": "http://127.0.0.1:9/certs"}
    data.update(fields)
    return data


def test_a_moderator_sees_and_edits_only_their_provinces_platforms(world):
    client = client_for(world.moderator)
    listing = client.get("/admin/lti/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Moodle NTT" in body and "Moodle Jateng" not in body and "Moodle Nasional" not in body
    assert client.get(f"/admin/lti/{world.ours.pk}/").status_code == 200
    for other in (world.theirs, world.national):
        assert client.get(f"/admin/lti/{other.pk}/").status_code == 404
        assert client.post(f"/admin/lti/{other.pk}/", form_data(world.ntt)).status_code == 404
        assert client.post(f"/admin/lti/{other.pk}/kunci/").status_code == 404
    assert Platform.objects.get(pk=world.theirs.pk).name == "Moodle Jateng"


def test_a_moderator_registers_for_their_network_only(world):
    client = client_for(world.moderator)
    form = client.get("/admin/lti/tambah/").context["form"]
    assert list(form.fields["network"].queryset) == [world.ntt]
    for network in (world.jateng, None):
        response = client.post("/admin/lti/tambah/", form_data(network))
        assert response.status_code == 400 and "network" in response.context["form"].errors
    assert not Platform.objects.filter(client_id="abc123").exists()
    response = client.post("/admin/lti/tambah/", form_data(world.ntt))
    assert response.status_code == 302
    created = Platform.objects.get(client_id="abc123")
    assert created.network == world.ntt and created.deployment_ids == ["3", "4"]


def test_national_staff_manage_every_platform_and_national_ones(world):
    client = client_for(world.admin)
    body = client.get("/admin/lti/").content.decode()
    assert all(name in body for name in ("Moodle NTT", "Moodle Jateng", "Moodle Nasional"))
    response = client.post("/admin/lti/tambah/", form_data(None))
    assert response.status_code == 302
    assert Platform.objects.get(client_id="abc123").network is None
    response = client.post(f"/admin/lti/{world.theirs.pk}/", form_data(world.jateng, name="Moodle Jawa Tengah",
                                                                        issuer=world.theirs.issuer,
                                                                        client_id=world.theirs.client_id))
    assert response.status_code == 302
    assert Platform.objects.get(pk=world.theirs.pk).name == "Moodle Jawa Tengah"


def test_bad_input_is_refused_with_reasons_and_loses_nothing(world):
    client = client_for(world.moderator)
    response = client.post("/admin/lti/tambah/", form_data(world.ntt, deployment_ids=" , ", issuer="not a url"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "deployment_ids" in errors and "issuer" in errors
    assert response.context["form"]["name"].value() == "Moodle Baru"
    duplicate = form_data(world.ntt, issuer=world.ours.issuer, client_id=world.ours.client_id)
    response = client.post("/admin/lti/tambah/", duplicate)
    assert response.status_code == 400
    assert Platform.objects.filter(issuer=world.ours.issuer).count() == 1


def test_others_see_no_platform(world):
    from django.contrib.auth.models import Permission

    editor = User.objects.create_user("editor-oms", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for user in (editor, User.objects.create_user("warga", password="x")):
        client = client_for(user)
        for url in ("/admin/lti/", "/admin/lti/tambah/", f"/admin/lti/{world.ours.pk}/"):
            response = client.get(url)
            assert response.status_code in (302, 404)
            assert b"Moodle NTT" not in response.content
        assert client.post("/admin/lti/tambah/", form_data(world.ntt)).status_code in (302, 404)
    assert not Platform.objects.filter(client_id="abc123").exists()
    anonymous = Client().get("/admin/lti/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_the_admin_shows_what_moodle_needs_and_never_the_private_key(world):
    key = keys.current_key()
    body = client_for(world.moderator).get(f"/admin/lti/{world.ours.pk}/").content.decode()
    for path in ("/lti/login/", "/lti/launch/", "/lti/jwks/"):
        assert f"http://testserver{path}" in body
    assert "PRIVATE KEY" not in body and key.private_key_encrypted[:40] not in body
    assert "PRIVATE KEY" in keys.private_pem(key)  # it exists, decrypted only in memory
