"""The public "Laporkan" (report) form, reached from campaign, OMS profile and story pages.

Anyone may report; nothing about the report is shown publicly. The abuse limits (honeypot, rate
limits) are the site-wide middleware's, over every public POST.
"""
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from wagtail.models import Locale, Page

from .forms import ReportForm
from .moderation import file_report, kind_of


def reportable_page(page_id):
    """The live, public campaign, OMS profile or story ``page_id``, as shown; 404 otherwise."""
    page = Page.objects.live().public().filter(pk=page_id).first()
    page = page.specific if page is not None else None
    if page is None or kind_of(page) is None:
        raise Http404
    return page


@never_cache
def report(request, page_id):
    page = reportable_page(page_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Reports are about the page, whichever language the visitor read it in.
        source = page.get_translation_or_none(Locale.get_default()) or page
        file_report(source.specific, data["reason"], data["detail"], data["email"], get_language())
        return redirect("reports:thanks")
    return TemplateResponse(request, "reports/report_form.html", {"target": page, "form": form},
                            status=400 if request.method == "POST" else 200)


def thanks(request):
    return TemplateResponse(request, "reports/report_thanks.html", {})
