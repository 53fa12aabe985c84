"""The Mitra index's filters: province, kabupaten/kota, SDG and verification."""
from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PER_PAGE = 24


class OrganisationFilterForm(forms.Form):
    province = forms.ModelChoiceField(queryset=None, required=False, to_field_name="slug",
                                      label=_("Province"), empty_label=_("All provinces"))
    regency = forms.ModelChoiceField(queryset=None, required=False, to_field_name="code",
                                     label=_("Regency/city"), empty_label=_("All regencies/cities"))
    sdg = forms.ModelChoiceField(queryset=None, required=False, to_field_name="number",
                                 label=_("SDG"), empty_label=_("All SDGs"))
    verification = forms.ChoiceField(required=False, label=_("Verification"), choices=[
        ("", _("All")), ("verified", _("Verified")), ("unverified", _("Not yet verified"))])

    def __init__(self, *args, **kwargs):
        from regions.models import Province, Regency
        from sdgs.models import SDG

        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.all()
        regencies = Regency.objects.select_related("province").order_by("province__code", "name")
        self.fields["regency"].queryset = regencies
        # Grouped by province so the long list stays usable without JavaScript.
        grouped, current, options = [("", self.fields["regency"].empty_label)], None, None
        for regency in regencies:
            if regency.province != current:
                current, options = regency.province, []
                grouped.append((current.name, options))
            options.append((regency.code, regency.name))
        self.fields["regency"].choices = grouped
        self.fields["sdg"].queryset = SDG.objects.all()


def filtered_organisations(request, base):
    """Context for the index: the filter form, the page of OMS and whether a filter is active."""
    form = OrganisationFilterForm(request.GET or None)
    organisations = base
    active = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["province"]:
            organisations = organisations.filter(
                Q(regency__province=data["province"]) | Q(work_regencies__province=data["province"]))
            active = True
        if data["regency"]:
            organisations = organisations.filter(
                Q(regency=data["regency"]) | Q(work_regencies=data["regency"]))
            active = True
        if data["sdg"]:
            organisations = organisations.filter(sdgs=data["sdg"])
            active = True
        if data["verification"] == "verified":
            organisations, active = organisations.filter(is_verified=True), True
        elif data["verification"] == "unverified":
            organisations, active = organisations.filter(is_verified=False), True
    organisations = (organisations.distinct().select_related("regency__province", "logo", "verified_by")
                     .order_by("title"))
    page = Paginator(organisations, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"organisations": page, "filter_form": form, "filter_active": active,
            "filter_query": query.urlencode()}
