"""The list filters: ``province``, ``regency``, ``sdg``, ``type``, ``status``, ``verified``.

Each parameter is checked before anything is listed: an unknown province or regency code, an SDG
that is not 1 to 17 (or its slug), a support type that is not installed, a status other than
``upcoming``/``active``/``ended``: a 400 with a translated JSON error naming the parameter, never
an empty list that looks like "nothing there". A support type switched off or uninstalled is
unknown (``campaigns.plugins.registry``), so nothing names a type here.
"""
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

STATUSES = ("upcoming", "active", "ended")


def _error(name, message):
    return ValidationError({name: [message]})


def province(value):
    from regions.models import Province

    found = Province.objects.filter(code=value).first()
    if found is None:
        raise _error("province", _("Unknown province code: %(code)s.") % {"code": value})
    return found


def regency(value):
    from regions.models import Regency

    found = Regency.objects.filter(code=value).first()
    if found is None:
        raise _error("regency", _("Unknown regency/city code: %(code)s.") % {"code": value})
    return found


def sdg(value):
    from sdgs.models import SDG

    found = (SDG.objects.filter(number=int(value)) if value.isdigit() else SDG.objects.filter(slug=value)).first()
    if found is None:
        raise _error("sdg", _("Unknown SDG: %(value)s. Give its number, 1 to 17.") % {"value": value})
    return found


def support_type(value):
    from campaigns.plugins import registry

    if not registry.is_installed(value):
        raise _error("type", _("Unknown support type: %(value)s.") % {"value": value})
    return value


def status_q(value, prefix=""):
    """The campaigns of a status, as ``CampaignPage.status`` says it (the same rule in SQL)."""
    from network.consolidation import active_filter

    today = timezone.localdate()
    if value == "active":
        return active_filter(prefix)
    if value == "ended":
        return Q(**{f"{prefix}closed": True}) | Q(**{f"{prefix}end_date__lt": today})
    if value == "upcoming":
        return Q(**{f"{prefix}closed": False, f"{prefix}start_date__gt": today}) & (
            Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today}))
    raise _error("status", _("Unknown status: %(value)s. Use upcoming, active or ended.") % {"value": value})


def boolean(name, value):
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise _error(name, _("Use true or false."))


def apply_place(queryset, params, field="regency"):
    """``?province=`` / ``?regency=`` on a queryset of things with a ``regency``."""
    if params.get("province"):
        queryset = queryset.filter(**{f"{field}__province": province(params["province"])})
    if params.get("regency"):
        queryset = queryset.filter(**{field: regency(params["regency"])})
    return queryset


def apply_sdg(queryset, params):
    if params.get("sdg"):
        queryset = queryset.filter(sdgs=sdg(params["sdg"]))
    return queryset


def apply_campaign_filters(queryset, params):
    queryset = apply_sdg(apply_place(queryset, params), params)
    if params.get("type"):
        # The asks are JSON (a StreamField): containment finds the campaigns with an ask of that type.
        queryset = queryset.filter(asks__contains=[{"type": support_type(params["type"])}])
    if params.get("status"):
        queryset = queryset.filter(status_q(params["status"]))
    return queryset


# -- the schema's parameters ---------------------------------------------------------------------

LANG = OpenApiParameter("lang", str, enum=["id", "en"], description="Language (default: Accept-Language, else id).")
PROVINCE = OpenApiParameter("province", str, description="Province code, e.g. 33.")
REGENCY = OpenApiParameter("regency", str, description="Regency/city code, e.g. 33.74.")
SDG = OpenApiParameter("sdg", str, description="SDG number (1 to 17) or slug.")
STATUS = OpenApiParameter("status", str, enum=list(STATUSES))
TYPE = OpenApiParameter("type", str, description="Support type key (see /api/v1/support-types/).")
VERIFIED = OpenApiParameter("verified", bool, description="Only verified (true) or unverified (false) OMS.")
