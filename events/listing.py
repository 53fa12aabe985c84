"""The public event index: upcoming events (soonest first) and past ones (latest first), filtered
by organising province (or "national") and capacity aspect."""
from django import forms
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learning.aspects import Aspect

PAST_PAGE_SIZE = 12
NATIONAL = "nasional"


class EventFilterForm(forms.Form):
    """GET filters; an unknown value is reported and ignored, never a server error."""

    provinsi = forms.ChoiceField(label=_("Organiser"), required=False)
    aspek = forms.ChoiceField(label=_("Capacity aspect"), required=False,
                              choices=[("", _("All"))] + list(Aspect.choices))

    def __init__(self, data, provinces):
        super().__init__(data)
        self.fields["provinsi"].choices = ([("", _("All")), (NATIONAL, _("National"))]
                                           + [(p.slug, p.name) for p in provinces])
        self.fields["provinsi"].error_messages["invalid_choice"] = _("There is no such organiser.")
        self.fields["aspek"].error_messages["invalid_choice"] = _("There is no such aspect.")


def listed_events(request, index):
    """Context for the index: ``upcoming``, ``past`` (a page), ``filter_form``, ``filtered``."""
    from regions.models import Province

    from .models import EventPage

    events = (EventPage.objects.live().public().child_of(index)
              .select_related("province__network", "cover_image"))
    provinces = Province.objects.filter(pk__in=events.values("province")).order_by("name")
    form = EventFilterForm(request.GET or None, provinces)
    values = {}
    if form.is_bound:
        form.is_valid()
        values = {name: value for name, value in getattr(form, "cleaned_data", {}).items() if value}
    if values.get("provinsi") == NATIONAL:
        events = events.filter(province__isnull=True)
    elif values.get("provinsi"):
        events = events.filter(province__slug=values["provinsi"])
    if values.get("aspek"):
        events = events.filter(aspect=values["aspek"])
    now = timezone.now()
    upcoming = events.filter(end__gt=now).order_by("start")
    past = Paginator(events.filter(end__lte=now).order_by("-start"), PAST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"upcoming": upcoming, "past": past, "filter_form": form, "filtered": bool(values),
            "filter_query": query.urlencode()}
