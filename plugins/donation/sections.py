"""The donation type's parts of the campaign page (``campaign_sections``): a sponsor's match, the
monthly-giving line, the supporters' fundraisers leaderboard, each from its own package."""
from .fundraisers.sections import page_sections as fundraiser_sections
from .matching.sections import page_sections as matching_sections
from .recurring.sections import page_sections as recurring_sections


def campaign_sections(campaign, asks, progress=None):
    """``{ask id: [PageSection]}``; ``progress`` (``{ask id: Progress}``) carries the monthly donors and
    the fundraisers counted with it (``hooks.progress_query``): then only the sponsor's offer and a
    leaderboard with entries read the database."""
    merged = {}
    for build in (matching_sections, recurring_sections, fundraiser_sections):
        for ask_id, sections in (build(campaign, asks, progress) or {}).items():
            merged.setdefault(ask_id, []).extend(sections)
    return merged
