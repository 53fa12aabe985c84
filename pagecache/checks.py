"""``manage.py check --deploy``: a page cache that one process's purge cannot reach is a stale site."""
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

from . import parts, policy

PROCESS_LOCAL = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_page_cache(app_configs=None, **kwargs):
    if not policy.enabled() and not parts.enabled():
        return []
    alias = policy.setting("LOKADAYA_PAGE_CACHE_ALIAS", "pages")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if backend in PROCESS_LOCAL:
        return [checks.Warning(
            _("The page cache and the kept parts of pages are kept in each process (%(backend)s): a page "
              "published through one process stays stale in the others.") % {"backend": backend.rsplit(".", 1)[-1]},
            hint=_("Set CACHE_URL=redis://... so every process shares it, or run a single process, or set "
                   "LOKADAYA_PAGE_CACHE=0 and LOKADAYA_KEPT_PARTS=0."),
            id="pagecache.W001")]
    return []
