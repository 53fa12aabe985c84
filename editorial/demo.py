"""Demo content of the editorial side, for ``manage.py seed_demo``.

Fuller demo stories (byline, evidence, voices, a body), a communications login, and one story
and one campaign waiting in their workflows, so that the review screens have something to show.
Safe to run again: nothing is created twice.
"""
from decimal import Decimal

from django.contrib.auth import get_user_model
from wagtail.models import Locale, WorkflowState
from wagtail.rich_text import RichText

COMMUNICATIONS_USERNAME = "komunikasi"
COMMUNICATIONS_PASSWORD = "lokadaya-komunikasi"
AUTHOR = "Tim Komunikasi Lokadaya"

#: Evidence and voices of the demo stories (by slug): (label, before, after, unit, source) and (quote, name, role).
STORY_DETAILS = {
    "cahaya-pertama-wae-rebo": {
        "evidence": [("Kecelakaan malam hari di jalan desa per tahun", "9", "2", "kejadian", "Catatan desa"),
                     ("Warung yang buka sampai pukul 21.00", "1", "6", "warung", "Survei warga")],
        "voices": [("Sekarang anak-anak berani pulang mengaji sendiri.", "Mama Yuliana", "warga Wae Rebo")],
        "figure": ("20 lampu", "tenaga surya menerangi jalan desa"),
    },
    "tabungan-sampah-bu-sri": {
        "evidence": [("Sampah terpilah per bulan", "0", "2000", "kg", "Buku timbang bank sampah"),
                     ("Keluarga penabung", "12", "86", "keluarga", "Buku tabungan")],
        "voices": [("Dari botol dan kardus, uang sekolah cucu saya terbayar.", "Bu Sri", "nasabah bank sampah")],
        "figure": ("2 ton", "sampah tidak lagi masuk sungai setiap bulan"),
    },
}

#: The same in English (the English translation of each demo story): same figures, English words.
STORY_DETAILS_EN = {
    "cahaya-pertama-wae-rebo": {
        "evidence": [("Night-time accidents on the village road per year", "9", "2", "accidents", "Village records"),
                     ("Shops open until 9 pm", "1", "6", "shops", "Residents' survey")],
        "voices": [("Now the children dare to walk home from Koran lessons on their own.", "Mama Yuliana",
                    "Wae Rebo resident")],
        "figure": ("20 lights", "solar lights along the village road"),
    },
    "tabungan-sampah-bu-sri": {
        "evidence": [("Sorted waste per month", "0", "2000", "kg", "Waste bank weighing book"),
                     ("Saving families", "12", "86", "families", "Savings books")],
        "voices": [("From bottles and cardboard, my grandchild's school fees are paid.", "Mrs Sri",
                    "waste bank saver")],
        "figure": ("2 tonnes", "of waste a month no longer go into the river"),
    },
}
AUTHOR_EN = "Lokadaya communications team"

REVIEW_STORY = ("kebun-gizi-tembalang", "bank-sampah-berseri", "Kebun Gizi dari Kompos Warga",
                "Kompos dari bank sampah kini menyuburkan kebun sayur di halaman rumah warga.")
LAUNCH_CAMPAIGN = ("kompos-untuk-kebun-gizi", "bank-sampah-berseri", "Kompos untuk Kebun Gizi",
                   "Kami butuh komposter dan relawan untuk mengolah sampah dapur menjadi pupuk.")


def story_fields(slug, summary, language="id"):
    """Extra fields of a new demo story: a byline and a body; evidence and voices where known
    (``language="en"``: the English translation's)."""
    details = (STORY_DETAILS_EN if language == "en" else STORY_DETAILS).get(slug, {})
    body = [("paragraph", RichText(f"<p>{summary}</p>"))]
    if details.get("figure"):
        figure, label = details["figure"]
        body.append(("figure", {"figure": figure, "label": label}))
    return {
        "author": AUTHOR_EN if language == "en" else AUTHOR,
        "body": body,
        "evidence": [("indicator", {"label": label, "before": Decimal(before), "after": Decimal(after),
                                    "unit": unit, "source": source})
                     for label, before, after, unit, source in details.get("evidence", [])],
        "voices": [("voice", {"quote": quote, "name": name, "role": role, "photo": None})
                   for quote, name, role in details.get("voices", [])],
    }


def seed(organisations, logins=True):
    """The review examples and the communications login; returns lines to print."""
    lines = _review_examples(organisations)
    if logins:
        lines += _communications_login()
    return lines


def _communications_login():
    from .roles import communications_group

    user, created = get_user_model().objects.get_or_create(
        username=COMMUNICATIONS_USERNAME,
        defaults={"email": "komunikasi@lokadaya.contoh.id", "first_name": "Tim", "last_name": "Komunikasi"})
    if created:
        user.set_password(COMMUNICATIONS_PASSWORD)
        user.save()
    user.groups.add(communications_group())
    return [f"Communications (story review): {COMMUNICATIONS_USERNAME} / {COMMUNICATIONS_PASSWORD}"
            + ("" if created else " (existing account; password unchanged)")]


def _submit(page):
    """Start the page's workflow once (no one is mailed: this is demo content)."""
    from .notifications import reviewer_emails_muted

    workflow = page.get_workflow()
    if workflow is None or WorkflowState.objects.for_instance(page).exists():
        return
    with reviewer_emails_muted():
        workflow.start(page, user=None)


def _review_examples(organisations):
    from campaigns.models import CampaignPage
    from stories.models import StoryPage

    default = Locale.get_default()
    lines = []
    slug, org_slug, title, summary = REVIEW_STORY
    organisation = organisations.get(org_slug)
    if organisation is not None:
        story = StoryPage.objects.filter(locale=default, slug=slug).first()
        if story is None:
            story = StoryPage(title=title, slug=slug, summary=summary, live=False, **story_fields(slug, summary))
            organisation.add_child(instance=story)
            story.save_revision()
        _submit(story)
        lines.append(f"Story awaiting review by the communications team: {title}")
    slug, org_slug, title, summary = LAUNCH_CAMPAIGN
    organisation = organisations.get(org_slug)
    if organisation is not None:
        campaign = CampaignPage.objects.filter(locale=default, slug=slug).first()
        if campaign is None:
            campaign = CampaignPage(title=title, slug=slug, summary=summary, live=False, regency=organisation.regency)
            organisation.add_child(instance=campaign)
            campaign.save_revision()
        _submit(campaign)
        lines.append(f"Campaign awaiting launch approval by its provincial network: {title}")
    return lines
