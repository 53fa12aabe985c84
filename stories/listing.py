"""The public story index: filters by province, SDG and OMS, newest first, a page at a time."""
from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

PAGE_SIZE = 12


class StoryFilterForm(forms.Form):
    """GET filters; an unknown value is reported and ignored, never a server error."""

    provinsi = forms.ChoiceField(label=_("Province"), required=False)
    sdg = forms.ChoiceField(label=_("SDG"), required=False)
    oms = forms.ChoiceField(label=_("Organisation"), required=False)

    def __init__(self, data, provinces, sdgs, organisations):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["provinsi"].choices = everything + [(p.slug, p.name) for p in provinces]
        self.fields["sdg"].choices = everything + [(str(s.number), str(s)) for s in sdgs]
        self.fields["oms"].choices = everything + [(o.slug, o.title) for o in organisations]
        self.fields["provinsi"].error_messages["invalid_choice"] = _("There is no such province.")
        self.fields["sdg"].error_messages["invalid_choice"] = _("There is no such SDG.")
        self.fields["oms"].error_messages["invalid_choice"] = _("There is no such organisation with stories.")


def filtered_stories(request, stories):
    """``{"stories": page, "filter_form": form, "filtered": bool}`` for a queryset of live stories."""
    from partners.models import OrganisationPage
    from regions.models import Province
    from sdgs.models import SDG

    organisations = OrganisationPage.objects.filter(pk__in=stories.values("organisation")).order_by("title")
    form = StoryFilterForm(request.GET or None, Province.objects.all(), SDG.objects.all(), organisations)
    values = {}
    if form.is_bound:
        form.is_valid()
        values = {name: value for name, value in getattr(form, "cleaned_data", {}).items() if value}
    if values.get("provinsi"):
        stories = stories.filter(regency__province__slug=values["provinsi"])
    if values.get("sdg"):
        stories = stories.filter(sdgs__number=int(values["sdg"]))
    if values.get("oms"):
        stories = stories.filter(organisation__slug=values["oms"])
    stories = stories.distinct().order_by("-date", "-first_published_at")
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"stories": page, "filter_form": form, "filtered": bool(values), "filter_query": query.urlencode()}
