"""The guide OMS see while writing a campaign ("Enam langkah merumuskan inisiatif layanan lokal").

The guide is the live, public Indonesian guide flagged ``show_in_campaign_editor`` that was published
last (so flagging a new one replaces the old without touching it), shown in the active language when
it is translated and published in it; None when there is none (the editor then shows no panel).
"""
from wagtail.models import Locale


def campaign_editor_guide():
    from .models import ResourceKind, ResourcePage

    guide = (ResourcePage.objects.live().public()
             .filter(locale=Locale.get_default(), kind=ResourceKind.GUIDE, show_in_campaign_editor=True)
             .order_by("-last_published_at", "-pk").first())
    if guide is None:
        return None
    translated = guide.get_translation_or_none(Locale.get_active())
    if translated is not None and translated.live:
        return translated.specific
    return guide
