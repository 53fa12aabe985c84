"""What an alliance's public page shows (joint actions from ``alliances.joint``).

Invariants: only ``MEMBER`` rows are shown (never invitations, declined or departed OMS), linked to
their OMS pages in the visitor's language; a milestone's story is linked only while it is live.
Nothing depends on who is asking, so the page is cached like any other (publishing purges it;
``alliances.membership`` purges it when a member comes or goes).
"""
from wagtail.models import Locale

from .models import AllianceMembership, Milestone


#: A sign per kind of milestone, beside its (translated) label; decoration only.
KIND_ICONS = {
    Milestone.Kind.HEARING: "🏛", Milestone.Kind.LETTER: "✉", Milestone.Kind.MEETING: "🤝",
    Milestone.Kind.PETITION: "✍", Milestone.Kind.RESPONSE: "💬", Milestone.Kind.POLICY_CHANGE: "📜",
    Milestone.Kind.OTHER: "•",
}


def source_alliance(page):
    """The alliance in the default language: memberships and joint actions hang there."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


def members(alliance):
    """``[(membership, OMS page in the visitor's language)]``, the lead first."""
    from lokadaya.cards import attach_renditions, localized_all, picture

    rows = list(AllianceMembership.objects.filter(alliance=alliance, status=AllianceMembership.Status.MEMBER)
                .select_related("organisation__regency__province", "organisation__logo"))
    pages = localized_all([row.organisation for row in rows])
    shown = [(row, page) for row, page in zip(rows, pages) if page.live]
    attach_renditions([picture(page.logo, "none", "96,160") for _row, page in shown])
    return shown


def timeline(page):
    """The milestones by date, each with ``story_page``: its story in the visitor's language, live only."""
    from lokadaya.cards import attach_renditions, localized_all, picture

    milestones = list(page.milestones.select_related("evidence_document", "story__hero_image", "story__regency")
                      .order_by("date", "sort_order", "pk"))
    stories = localized_all([m.story for m in milestones if m.story is not None])
    by_key = {story.translation_key: story for story in stories if story.live}
    attach_renditions([picture(story.hero_image, "16x9", "480,800") for story in by_key.values()])
    for milestone in milestones:
        milestone.icon = KIND_ICONS.get(milestone.kind, "•")
        milestone.story_page = by_key.get(milestone.story.translation_key) if milestone.story else None
    return milestones


def joint_actions(page, alliance):
    """The alliance's joint actions with their totals (``alliances.joint``, live campaigns only)."""
    if not alliance.joint_actions.exists():
        return []
    from .joint import public_joint_actions

    return public_joint_actions(page)


def alliance_context(page, request):
    source = source_alliance(page)
    milestones = timeline(page)
    actions = joint_actions(page, source)
    return {
        "source": source,
        "members": members(source),
        "decision_makers": list(page.decision_makers.select_related("province", "regency")),
        "milestones": milestones,
        "responses": [m for m in milestones if m.kind == Milestone.Kind.RESPONSE],
        "joint_actions": actions,
        "sdgs": list(page.sdgs.all()),
    }
