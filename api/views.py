"""The endpoints of ``/api/v1/``: read-only, anonymous, JSON, in Indonesian or English.

The flow of every request (``ApiView``):

1. **Language**: ``?lang=id|en``, else the first supported language of ``Accept-Language``, else
   Indonesian. Never a cookie. It is activated for the request: pages are those of that locale
   (wagtail-localize translations), names and labels are translated.
2. **Rate limit** (``api.throttling.ReadThrottle``): per client address, 429 + ``Retry-After``.
3. **Filters** (``api.filters``) checked, then the page of things (``api.pagination``), then their
   JSON built in batches (``api.present``: a fixed number of queries per page, whatever it holds)
   and rendered through the serializers that the OpenAPI schema is generated from.
4. **ETag** over the body, 304 on ``If-None-Match`` (``api.conditional``). CORS headers come from
   django-cors-headers (``CORS_URLS_REGEX``): any origin may read, never with credentials.

Errors are JSON too (``exception_handler``): ``{"detail", "code"}`` and, for bad parameters,
``"errors": {parameter: [messages]}``, translated; an unknown path under ``/api/v1/`` is a JSON 404.

Who sees what: everybody the same. There is no authentication class, so a signed-in editor's
cookies are never read; only live, public pages appear (``live().public()``), never a draft, a
private page, or an OMS's contact details (``api/present.py``).
"""
from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from wagtail.models import Locale

from . import filters, present
from . import serializers as s
from .conditional import conditional
from .pagination import Pagination
from .throttling import ReadThrottle

ERRORS = {400: s.ErrorSerializer, 404: s.ErrorSerializer, 429: s.ErrorSerializer}


# -- language and errors -------------------------------------------------------------------------


def choose_language(request):
    """``?lang=``, else ``Accept-Language``, else the site's default: never a cookie."""
    codes = [code for code, _name in settings.LANGUAGES]
    asked = request.GET.get("lang")
    if asked:
        if asked not in codes:
            raise exceptions.ValidationError({"lang": [_("Unknown language: %(value)s. Use id or en.")
                                                       % {"value": asked}]})
        return asked
    for code, _quality in translation.trans_real.parse_accept_lang_header(
            request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def exception_handler(exc, context):
    """DRF's answer, reshaped: ``{"detail", "code", "errors"?}``; messages in the request's language."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, exceptions.MethodNotAllowed):
        exc.detail = ErrorDetail(_("This API only reads: use GET."), code="method_not_allowed")
    elif isinstance(exc, exceptions.Throttled):
        exc.detail = ErrorDetail(_("Too many requests from your address. Try again in %(seconds)s seconds.") % {
            "seconds": int(exc.wait or 1)}, code="throttled")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"detail": _("Some parameters are not valid."), "code": "invalid",
                         "errors": {key: [str(message) for message in (value if isinstance(value, list) else [value])]
                                    for key, value in detail.items()}}
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes()
        response.data = {"detail": str(exc.detail), "code": code if isinstance(code, str) else "error"}
    return response


def not_found(request, *args, **kwargs):
    """Any other path under ``/api/v1/``: a JSON 404 rather than the site's HTML page."""
    try:
        language = choose_language(request)
    except exceptions.ValidationError:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        return JsonResponse(
            {"detail": _("There is nothing at this address of the API."), "code": "not_found"}, status=404)


# -- the base of every endpoint --------------------------------------------------------------------


class ApiMixin:
    """Anonymous, GET only, rate-limited, in the asked language, with an ETag on every answer."""

    http_method_names = ("get", "head", "options")
    # Set here, not in REST_FRAMEWORK: Wagtail's admin API and wagtail-localize's share DRF's
    # defaults (session authentication, form parsers) and must keep them.
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ReadThrottle,)
    parser_classes = ()

    def initial(self, request, *args, **kwargs):
        # The language first, so that even a 429 or a bad parameter is answered in it.
        translation.activate(settings.LANGUAGE_CODE)
        self.language = choose_language(request)
        translation.activate(self.language)
        request.LANGUAGE_CODE = self.language
        super().initial(request, *args, **kwargs)

    def get_exception_handler(self):
        return exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return conditional(request, response)

    @property
    def locale(self):
        return Locale.objects.get(language_code=translation.get_language())


class ApiView(ApiMixin, GenericAPIView):
    renderer_classes = (JSONRenderer,)
    pagination_class = Pagination

    def paginated(self, items, build, serializer_class=None):
        page = self.paginate_queryset(items)
        data = (serializer_class or self.serializer_class)(build(page), many=True).data
        return self.get_paginated_response(data)


def localized_page(model, pk, locale, related=()):
    """The live public page of ``model`` in ``locale`` whose default-language page is ``pk``; or 404."""
    source = model.objects.filter(pk=pk, locale=Locale.get_default()).values_list("translation_key", flat=True).first()
    page = None
    if source is not None:
        page = (model.objects.live().public().filter(translation_key=source, locale=locale)
                .select_related(*related).first())
    if page is None:
        raise Http404
    return page


# -- campaigns -----------------------------------------------------------------------------------

CAMPAIGN_RELATED = ("regency__province", "hero_image")


@extend_schema(parameters=[filters.LANG, filters.PROVINCE, filters.REGENCY, filters.SDG, filters.TYPE,
                           filters.STATUS], responses={200: s.CampaignSerializer(many=True), **ERRORS})
class CampaignList(ApiView):
    """Live public campaigns in the language asked, ending soonest first, with their asks' progress."""

    serializer_class = s.CampaignSerializer

    def get(self, request):
        from campaigns.models import CampaignPage

        campaigns = CampaignPage.objects.live().public().filter(locale=self.locale).select_related(*CAMPAIGN_RELATED)
        campaigns = filters.apply_campaign_filters(campaigns, request.query_params)
        campaigns = campaigns.order_by("end_date", "-first_published_at", "pk")
        return self.paginated(campaigns, lambda page: present.campaigns(request, page))


@extend_schema(parameters=[filters.LANG], responses={200: s.CampaignSerializer, **ERRORS})
class CampaignDetail(ApiView):
    """One campaign, by its id (the same in every language)."""

    serializer_class = s.CampaignSerializer

    def get(self, request, id):
        from campaigns.models import CampaignPage

        page = localized_page(CampaignPage, id, self.locale, CAMPAIGN_RELATED)
        return Response(s.CampaignSerializer(present.campaigns(request, [page])[0]).data)


@extend_schema(parameters=[filters.LANG], responses={200: s.SupportTypeSerializer(many=True), **ERRORS})
class SupportTypeList(ApiView):
    """The support types installed on the site (the ``type`` of asks), in display order."""

    serializer_class = s.SupportTypeSerializer

    def get(self, request):
        from campaigns.plugins import registry

        return self.paginated(registry.support_types(), lambda page: [
            {"key": t.key, "name": str(t.name), "description": str(t.description or ""),
             "raises_money": bool(t.raises_money)} for t in page])


# -- OMS -------------------------------------------------------------------------------------------

ORGANISATION_RELATED = ("regency__province", "logo")


@extend_schema(parameters=[filters.LANG, filters.PROVINCE, filters.REGENCY, filters.SDG, filters.VERIFIED],
               responses={200: s.OrganisationSerializer(many=True), **ERRORS})
class OrganisationList(ApiView):
    """Published OMS profiles, by name; ``province``/``regency`` also match where an OMS works."""

    serializer_class = s.OrganisationSerializer

    def get(self, request):
        from django.db.models import Q

        from partners.models import OrganisationPage

        params = request.query_params
        organisations = OrganisationPage.objects.live().public().filter(locale=self.locale)
        if params.get("province"):
            province = filters.province(params["province"])
            organisations = organisations.filter(Q(regency__province=province) | Q(work_regencies__province=province))
        if params.get("regency"):
            regency = filters.regency(params["regency"])
            organisations = organisations.filter(Q(regency=regency) | Q(work_regencies=regency))
        organisations = filters.apply_sdg(organisations, params)
        if params.get("verified"):
            organisations = organisations.filter(is_verified=filters.boolean("verified", params["verified"]))
        organisations = organisations.distinct().select_related(*ORGANISATION_RELATED).order_by("title", "pk")
        return self.paginated(organisations, lambda page: present.organisations(request, page))


@extend_schema(parameters=[filters.LANG], responses={200: s.OrganisationSerializer, **ERRORS})
class OrganisationDetail(ApiView):
    serializer_class = s.OrganisationSerializer

    def get(self, request, id):
        from partners.models import OrganisationPage

        page = localized_page(OrganisationPage, id, self.locale, ORGANISATION_RELATED)
        return Response(s.OrganisationSerializer(present.organisations(request, [page])[0]).data)


# -- stories ---------------------------------------------------------------------------------------

STORY_RELATED = ("regency__province", "hero_image", "organisation")


@extend_schema(parameters=[filters.LANG, filters.PROVINCE, filters.REGENCY, filters.SDG],
               responses={200: s.StorySerializer(many=True), **ERRORS})
class StoryList(ApiView):
    """Published stories of change, newest first."""

    serializer_class = s.StorySerializer

    def get(self, request):
        from stories.models import StoryPage

        stories = StoryPage.objects.live().public().filter(locale=self.locale).select_related(*STORY_RELATED)
        stories = filters.apply_sdg(filters.apply_place(stories, request.query_params), request.query_params)
        return self.paginated(stories.order_by("-date", "-pk"), lambda page: present.stories(request, page))


@extend_schema(parameters=[filters.LANG], responses={200: s.StorySerializer, **ERRORS})
class StoryDetail(ApiView):
    serializer_class = s.StorySerializer

    def get(self, request, id):
        from stories.models import StoryPage

        page = localized_page(StoryPage, id, self.locale, STORY_RELATED)
        return Response(s.StorySerializer(present.stories(request, [page])[0]).data)


# -- programmes and SDGs ---------------------------------------------------------------------------


@extend_schema(parameters=[filters.LANG, filters.SDG], responses={200: s.ProgrammeSerializer(many=True), **ERRORS})
class ProgrammeList(ApiView):
    """The national programmes."""

    serializer_class = s.ProgrammeSerializer

    def get(self, request):
        from programmes.models import ProgrammePage

        programmes = (ProgrammePage.objects.live().public().filter(locale=self.locale)
                      .select_related("sdg", "partner").order_by("title", "pk"))
        if request.query_params.get("sdg"):
            programmes = programmes.filter(sdg=filters.sdg(request.query_params["sdg"]))
        return self.paginated(programmes, lambda page: present.programmes(request, page))


@extend_schema(parameters=[filters.LANG], responses={200: s.ProgrammeSerializer, **ERRORS})
class ProgrammeDetail(ApiView):
    serializer_class = s.ProgrammeSerializer

    def get(self, request, id):
        from programmes.models import ProgrammePage

        page = localized_page(ProgrammePage, id, self.locale, ("sdg", "partner"))
        return Response(s.ProgrammeSerializer(present.programmes(request, [page])[0]).data)


@extend_schema(parameters=[filters.LANG], responses={200: s.SDGSerializer(many=True), **ERRORS})
class SDGList(ApiView):
    """The 17 Sustainable Development Goals, names in the language asked."""

    serializer_class = s.SDGSerializer

    def get(self, request):
        from sdgs.models import SDG

        return self.paginated(SDG.objects.order_by("number"), lambda page: [present.sdg(item) for item in page])


@extend_schema(parameters=[filters.LANG], responses={200: s.SDGSerializer, **ERRORS})
class SDGDetail(ApiView):
    serializer_class = s.SDGSerializer

    def get(self, request, number):
        from sdgs.models import SDG

        item = SDG.objects.filter(number=number).first()
        if item is None:
            raise Http404
        return Response(s.SDGSerializer(present.sdg(item)).data)


# -- regions ---------------------------------------------------------------------------------------


def _province(item):
    return {"code": item.code, "name": item.name, "slug": item.slug}


def _regency(item):
    return {"code": item.code, "name": item.name, "slug": item.slug, "kind": item.kind,
            "kind_label": str(item.get_kind_display()), "province_code": item.province.code,
            "province_name": item.province.name}


@extend_schema(parameters=[filters.LANG], responses={200: s.ProvinceSerializer(many=True), **ERRORS})
class ProvinceList(ApiView):
    """Indonesia's provinces, by official code."""

    serializer_class = s.ProvinceSerializer

    def get(self, request):
        from regions.models import Province

        return self.paginated(Province.objects.order_by("code"), lambda page: [_province(p) for p in page])


@extend_schema(parameters=[filters.LANG], responses={200: s.ProvinceSerializer, **ERRORS})
class ProvinceDetail(ApiView):
    serializer_class = s.ProvinceSerializer

    def get(self, request, code):
        from regions.models import Province

        item = Province.objects.filter(code=code).first()
        if item is None:
            raise Http404
        return Response(s.ProvinceSerializer(_province(item)).data)


@extend_schema(parameters=[filters.LANG, filters.PROVINCE], responses={200: s.RegencySerializer(many=True), **ERRORS})
class RegencyList(ApiView):
    """Regencies (kabupaten) and cities (kota), by official code; ``province`` narrows them."""

    serializer_class = s.RegencySerializer

    def get(self, request):
        from regions.models import Regency

        regencies = Regency.objects.select_related("province").order_by("code")
        if request.query_params.get("province"):
            regencies = regencies.filter(province=filters.province(request.query_params["province"]))
        return self.paginated(regencies, lambda page: [_regency(r) for r in page])


@extend_schema(parameters=[filters.LANG], responses={200: s.RegencySerializer, **ERRORS})
class RegencyDetail(ApiView):
    serializer_class = s.RegencySerializer

    def get(self, request, code):
        from regions.models import Regency

        item = Regency.objects.select_related("province").filter(code=code).first()
        if item is None:
            raise Http404
        return Response(s.RegencySerializer(_regency(item)).data)


# -- transparency ----------------------------------------------------------------------------------


@extend_schema(parameters=[filters.LANG], responses={200: s.TransparencySerializer, **ERRORS})
class TransparencyView(ApiView):
    """Aggregates only: money raised (gross, fee, net) and disbursed from the ledger, and the
    campaigns and supporters counted, for the whole country and per province."""

    serializer_class = s.TransparencySerializer

    def get(self, request):
        from .transparency import figures

        return Response(s.TransparencySerializer(figures()).data)


@extend_schema(parameters=[filters.LANG], responses={200: s.ProvinceFiguresSerializer, **ERRORS})
class ProvinceTransparencyView(ApiView):
    """The same figures for one province, by its code."""

    serializer_class = s.ProvinceFiguresSerializer

    def get(self, request, code):
        from .transparency import figures

        for row in figures()["provinces"]:
            if row["province_code"] == code:
                return Response(s.ProvinceFiguresSerializer(row).data)
        raise Http404


# -- the schema and its documentation page ---------------------------------------------------------


class SchemaView(ApiMixin, SpectacularAPIView):
    """The OpenAPI 3 schema, generated from this module (``?format=json`` or YAML by default).
    Only the API's own routes (``api/root_urls.py``), not the Wagtail admin's internal API."""

    urlconf = "api.root_urls"


@extend_schema(exclude=True)
class DocsView(ApiMixin, GenericAPIView):
    """The documentation page: Swagger UI served by the site (drf-spectacular-sidecar), its one
    inline script carrying the response's CSP nonce. Rendered without context processors, so no
    session or CSRF cookie is read or set."""

    def get(self, request):
        base = "drf_spectacular_sidecar/swagger-ui-dist/"
        html = get_template("api/docs.html").render({
            "request": request, "title": _("Lokadaya API"), "schema_url": reverse("api:schema") + "?format=json",
            "css": static(base + "swagger-ui.css"), "bundle": static(base + "swagger-ui-bundle.js"),
            "standalone": static(base + "swagger-ui-standalone-preset.js"), "favicon": static(base + "favicon-32x32.png"),
            "language": self.language,
        })
        return HttpResponse(html)
