"""The OMS profile's editing form in the Wagtail admin.

There are 7,277 kecamatan: the form offers only those of the OMS's own kabupaten/kota (and the
others it works in), and refuses a kecamatan outside them.
"""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from regions.choosers import SearchableCheckboxSelectMultiple


class OrganisationPageForm(WagtailAdminPageForm):
    def __init__(self, data=None, files=None, parent_page=None, subscription=None, *args, **kwargs):
        super().__init__(data, files, parent_page, subscription, *args, **kwargs)
        from regions.models import District

        field = self.fields.get("districts")
        if field is None:
            return
        # Any kecamatan validates (clean() explains a wrong one); only the OMS's own are offered.
        field.queryset = District.objects.all()
        offered = (District.objects.filter(regency_id__in=self._regency_ids())
                   .select_related("regency__province").order_by("regency__name", "name"))
        field.widget = SearchableCheckboxSelectMultiple(
            choices=[(district.pk, f"{district.name}, {district.regency.name}, {district.regency.province.name}")
                     for district in offered])
        field.help_text = _("Only the districts of the regencies/cities above are offered; save the page "
                            "after changing them to see their districts.")

    def _regency_ids(self):
        """The kabupaten/kota whose kecamatan may be chosen: submitted ones on POST, else saved ones."""
        ids = set()
        if self.is_bound:
            prefix = self.add_prefix
            for name in ("regency", "work_regencies"):
                values = self.data.getlist(prefix(name)) if hasattr(self.data, "getlist") else [
                    self.data.get(prefix(name))]
                ids.update(int(value) for value in values if str(value or "").isdigit())
        instance = self.instance
        if instance is not None and instance.pk:
            if instance.regency_id:
                ids.add(instance.regency_id)
            ids.update(instance.work_regencies.values_list("pk", flat=True))
        elif instance is not None and instance.regency_id:
            ids.add(instance.regency_id)
        return ids

    def clean(self):
        cleaned = super().clean()
        districts = cleaned.get("districts")
        regency = cleaned.get("regency")
        if districts and regency is not None:
            allowed = {regency.pk} | {r.pk for r in cleaned.get("work_regencies") or []}
            outside = [d.name for d in districts if d.regency_id not in allowed]
            if outside:
                self.add_error("districts", _("These districts are not in the regencies/cities chosen: "
                                              "%(names)s.") % {"names": ", ".join(outside)})
        return cleaned
