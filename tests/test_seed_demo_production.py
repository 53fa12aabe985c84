"""``seed_demo`` never puts a login with a known password on a real site (issue 11, low finding).

Under production settings (DEBUG off) it refuses to run, creating nothing, unless
``--allow-production`` is given; then it builds the demo content but no admin, moderator or
communications login, and the demo applicants it registers have no usable password.
"""
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Page

from lokadaya.management.commands.seed_demo import KNOWN_PASSWORDS

ROOT = Path(__file__).resolve().parent.parent


def counts():
    return get_user_model().objects.count(), Page.objects.count()


@pytest.mark.django_db(transaction=True)
def test_under_the_production_settings_it_refuses_and_creates_nothing():
    """The real production settings module, in a process of its own, against this test database."""
    if connection.vendor != "postgresql":
        pytest.skip("the production settings read DATABASE_URL: PostgreSQL only")
    before = counts()
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lokadaya.settings.production", "SECRET_KEY": "x" * 50,
           "ALLOWED_HOSTS": "lokadaya.example", "LANGUAGE": "C",
           "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
                           f"{db['PORT'] or 5432}/{db['NAME']}"}
    result = subprocess.run([sys.executable, "manage.py", "seed_demo", "--records", "0"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "--allow-production" in result.stderr and "createsuperuser" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert counts() == before
    assert not get_user_model().objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_with_debug_off_it_refuses_without_the_flag(settings):
    settings.DEBUG = False
    settings.SEED_DEMO_ALLOWED = False  # what every settings module but the tests' says
    before = counts()
    with pytest.raises(CommandError, match="createsuperuser"):
        call_command("seed_demo", "--records", "0", stdout=io.StringIO())
    assert counts() == before


@pytest.mark.django_db
def test_with_the_flag_it_builds_the_demo_without_any_known_password(settings):
    settings.DEBUG = False
    settings.SEED_DEMO_ALLOWED = False
    User = get_user_model()
    existing = set(User.objects.values_list("pk", flat=True))
    out = io.StringIO()
    call_command("seed_demo", "--records", "0", "--allow-production", stdout=out)
    output = out.getvalue()
    assert Page.objects.filter(depth__gt=2).count() > 10  # the demo content is there
    assert not User.objects.filter(username="admin").exists()
    assert not User.objects.filter(is_superuser=True).exclude(pk__in=existing).exists()
    assert not User.objects.filter(username__startswith="moderator-").exists()
    new_users = User.objects.exclude(pk__in=existing)
    assert new_users.exists()  # the demo applicants, through the real registration flow
    for user in new_users:
        assert not any(user.check_password(password) for password in KNOWN_PASSWORDS), user.username
        assert not user.has_usable_password(), user.username
    assert "createsuperuser" in output
    assert not any(password in output for password in KNOWN_PASSWORDS)


def test_the_test_settings_say_explicitly_that_they_may_seed():
    assert django_settings.SEED_DEMO_ALLOWED is True and django_settings.DEBUG is False
