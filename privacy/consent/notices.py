"""The privacy notice in force, and publishing a new version.

Invariants:

* **There is always a version in force.** Before any was published, the first reader (a form's
  statement, the notice page) creates version 1 from the current flows with the default texts, in
  a transaction; two first readers at once get the same row (the version number is unique).
* **A published version never changes.** Publishing writes a new row with the next number and a
  snapshot of the flows as they are then; consents keep the number they were given under.
* **The version number every form shows and every consent records is the one in force.** It is
  read from the shared cache (``VERSION_CACHE_KEY``; a form's statement is on many pages), which
  publishing drops at once and again after its commit. No kept page shows it: the page cache
  never keeps a page with a form token, and every form asking for personal data has one.
* Only national admins publish (``admin_views``); this module does not check who asks.
"""
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..models import PrivacyNotice
from . import flows

VERSION_CACHE_KEY = "privacy:notice-version"
#: A backstop only: publishing drops the cached number at once.
VERSION_CACHE_SECONDS = 300

DEFAULT_INTRO = _(
    "This notice explains what personal data Lokadaya and the organisations (OMS) on it collect through each "
    "form, what for, who sees it, how long it is kept, and how you use your rights under Law 27/2022 on "
    "Personal Data Protection (UU PDP). It is generated from the site's own forms, so it lists what they "
    "really ask.")


def default_texts():
    """The default introduction in each language (what version 1 says until an admin writes its own)."""
    texts = {}
    for code in ("id", "en"):
        with translation.override(code):
            texts[f"intro_{code}"] = str(DEFAULT_INTRO)
    return texts


def current_notice():
    """The version in force (the highest); version 1 is created when none was published yet."""
    notice = PrivacyNotice.objects.order_by("-version").first()
    if notice is not None:
        return notice
    with transaction.atomic():
        # get_or_create settles a race with another first reader on the unique version number.
        notice, _created = PrivacyNotice.objects.get_or_create(
            version=1, defaults={"flows": flows.generate(), "change_summary": "", **default_texts()})
    return notice


def current_version():
    """The number of the version in force, from the shared cache."""
    version = cache.get(VERSION_CACHE_KEY)
    if version is None:
        version = current_notice().version
        cache.set(VERSION_CACHE_KEY, version, VERSION_CACHE_SECONDS)
    return version


def _forget_version():
    cache.delete(VERSION_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_CACHE_KEY))


def publish(*, user, intro_id="", intro_en="", extra_id="", extra_en="", change_summary=""):
    """Publish the next version with these texts and the flows as they are now; returns it.

    Raises ``IntegrityError`` when another admin published the same number at the same moment
    (the caller says so; nothing is written).
    """
    snapshot = flows.generate()
    with transaction.atomic():
        latest = PrivacyNotice.objects.select_for_update().order_by("-version").first()
        with transaction.atomic():
            notice = PrivacyNotice.objects.create(
                version=(latest.version if latest else 0) + 1, flows=snapshot, published_by=user,
                intro_id=intro_id, intro_en=intro_en, extra_id=extra_id, extra_en=extra_en,
                change_summary=change_summary)
        _forget_version()
    return notice

