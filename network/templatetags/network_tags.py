"""Template tags for the region pages: the province's network and the consolidated figures."""
from django import template

from ..consolidation import province_figures, regency_figures, support_types

register = template.Library()


@register.inclusion_tag("network/includes/province_summary.html")
def province_network_summary(province):
    """The link to the province's network and the totals per kabupaten/kota."""
    rows, total = province_figures(province)
    return {"network": getattr(province, "network", None), "province": province, "rows": rows, "total": total,
            "types": support_types()}


@register.inclusion_tag("network/includes/regency_summary.html")
def regency_network_summary(regency):
    """The link to the province's network and this kabupaten/kota's totals."""
    return {"network": getattr(regency.province, "network", None), "regency": regency,
            "figures": regency_figures(regency), "types": support_types()}


@register.filter
def support_cells(figures, types):
    """``figures.support_for(types)``: one TypeTotal (or None) per support type, for a table row."""
    return figures.support_for(types)
