"""Admin views of supporters' fundraisers (``/admin/donasi/penggalangan/``): the OMS approves, hides
(with a note emailed to the owner) or re-approves the fundraisers of its campaigns; national staff
all of them. Who sees what is decided in ``access`` only: a fundraiser outside one's campaigns is a
404; a user with no campaign at all gets a 403 on the list.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from privacy.accesslog import screens as access_log

from . import access, service
from .forms import DecisionForm
from .models import Fundraiser

PER_PAGE = 50


def _require(request):
    if not access.may_use_admin(request.user):
        raise PermissionDenied


def fundraiser_list(request):
    """Pending first, then the rest, newest first; filter by status."""
    _require(request)
    fundraisers = access.manageable(request.user).select_related("campaign", "decided_by")
    status = request.GET.get("status", "")
    if status in Fundraiser.Status.values:
        fundraisers = fundraisers.filter(status=status)
    pending_first = Case(When(status=Fundraiser.Status.PENDING, then=Value(0)), default=Value(1),
                         output_field=IntegerField())
    page_obj = Paginator(fundraisers.order_by(pending_first, "-created_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("p"))
    access_log.fundraisers_list(request, page_obj)
    return TemplateResponse(request, "donation/fundraisers/admin/list.html", {
        "page_obj": page_obj, "status": status, "statuses": Fundraiser.Status.choices})


def fundraiser_decide(request, pk):
    """One fundraiser: what it says, and approve or hide it (a POST)."""
    _require(request)
    fundraiser = get_object_or_404(access.manageable(request.user).select_related("campaign"), pk=pk)
    form = DecisionForm(request.POST or None, initial={"note": fundraiser.status_note})
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        service.decide(fundraiser, decision, request.user, note=form.cleaned_data["note"].strip())
        if decision == Fundraiser.Status.APPROVED:
            messages.success(request, _("“%(title)s” is approved and public.") % {"title": fundraiser.title})
        else:
            messages.success(request, _("“%(title)s” is hidden; its owner is told why.") % {"title": fundraiser.title})
        return redirect("donation_admin:fundraisers")
    donations = service.recent_donations(fundraiser, limit=20)
    access_log.fundraiser(request, fundraiser, donations)
    return TemplateResponse(request, "donation/fundraisers/admin/decide.html", {
        "fundraiser": fundraiser, "form": form, "donations": donations,
    }, status=400 if request.method == "POST" else 200)


urlpatterns = [
    path("penggalangan/", fundraiser_list, name="fundraisers"),
    path("penggalangan/<int:pk>/", fundraiser_decide, name="fundraiser_decide"),
]


class FundraisersMenuItem(MenuItem):
    def is_shown(self, request):
        return access.may_use_admin(request.user)

    def render_component(self, request):
        from wagtail.admin.ui.sidebar import LinkMenuItem

        # The badge: fundraisers waiting for this user's decision (one COUNT query per admin page).
        pending = access.manageable(request.user).filter(status=Fundraiser.Status.PENDING).count()
        label = f"{self.label} ({pending})" if pending else self.label
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, classname=self.classname,
                            attrs=self.attrs)


def menu_items():
    return [FundraisersMenuItem(gettext_lazy("Supporters' fundraisers"), reverse("donation_admin:fundraisers"),
                                name="fundraisers", icon_name="group", order=262)]
