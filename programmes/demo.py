"""Demo national programmes, called by ``manage.py seed_demo``; safe to run again."""
from wagtail.models import Locale

from .models import ProgrammeIndexPage, ProgrammePage, StrategicPartner

PARTNERS = [
    ("Kemitraan Iklim Nusantara", "Konsorsium lembaga filantropi dan perguruan tinggi yang mendukung aksi iklim "
     "berbasis komunitas di Indonesia.", "https://iklim-nusantara.contoh.id"),
    ("Forum Transisi Hijau Indonesia–Uni Eropa", "Forum kerja sama organisasi masyarakat sipil Indonesia dan "
     "mitra Eropa untuk transisi energi dan ekonomi sirkular.", "https://transisihijau.contoh.id"),
]

# (slug, title, title en, cluster, sdg, include SDG matches, partner, summary, campaign slugs, story slugs)
PROGRAMMES = [
    ("aksi-iklim-lokal", "Aksi Iklim Lokal", "Local climate action", "sdg", 13, True,
     "Kemitraan Iklim Nusantara",
     "Inisiatif warga yang mencegah kebakaran gambut, menghemat energi, dan beradaptasi dengan kekeringan.",
     ["patroli-api-gambut", "lampu-jalan-tenaga-surya", "panen-air-hujan"], ["cahaya-pertama-wae-rebo"]),
    ("kesepakatan-hijau", "Kesepakatan Hijau Eropa di Kampung", "The EU Green Deal in the kampung",
     "eu_green_deal", None, False, "Forum Transisi Hijau Indonesia–Uni Eropa",
     "Ekonomi sirkular dan energi bersih dari bawah: bank sampah, daur ulang jelantah, dan lampu tenaga surya.",
     ["bank-sampah-rw-07", "jelantah-jadi-sabun", "lampu-jalan-tenaga-surya"], ["tabungan-sampah-bu-sri"]),
]


#: The English text of the programmes and their index: slug -> summary (the body repeats it).
SUMMARIES_EN = {
    "program-nasional": "National programmes bring together local initiatives from many provinces in one issue "
                        "cluster, with national strategic partners.",
    "aksi-iklim-lokal": "Residents' initiatives that prevent peat fires, save energy and adapt to drought.",
    "kesepakatan-hijau": "A circular economy and clean energy from the ground up: waste banks, used cooking oil "
                         "recycling and solar street lights.",
}


def seed(home):
    """The programme index (Indonesian and English) and the demo programmes."""
    from campaigns.models import CampaignPage
    from sdgs.models import SDG
    from stories.models import StoryPage

    default = Locale.get_default()
    english = Locale.objects.get(language_code="en")
    index = ProgrammeIndexPage.objects.filter(locale=default).first()
    if index is None:
        index = ProgrammeIndexPage(title="Program Nasional", slug="program-nasional",
                                   intro="<p>Program nasional menghubungkan inisiatif lokal dari berbagai provinsi "
                                         "dalam satu gugus isu, bersama mitra strategis nasional.</p>")
        home.add_child(instance=index)
        index.save_revision().publish()
    _translate(index, english, "National programmes", intro=f"<p>{SUMMARIES_EN['program-nasional']}</p>")
    partners = {}
    for name, description, website in PARTNERS:
        partners[name], _created = StrategicPartner.objects.get_or_create(
            name=name, defaults={"description": description, "website": website})
    lines = []
    for slug, title, title_en, cluster, sdg, matches, partner, summary, campaigns, stories in PROGRAMMES:
        page = ProgrammePage.objects.filter(locale=default, slug=slug).first()
        if page is None:
            page = ProgrammePage(title=title, slug=slug, cluster=cluster, summary=summary,
                                 sdg=SDG.objects.filter(number=sdg).first() if sdg else None,
                                 include_sdg_matches=matches, partner=partners[partner],
                                 body=f"<p>{summary}</p>")
            page.campaigns.set(CampaignPage.objects.filter(locale=default, slug__in=campaigns))
            page.stories.set(StoryPage.objects.filter(locale=default, slug__in=stories))
            index.add_child(instance=page)
            page.save_revision().publish()
            lines.append(f"National programme: {title}")
        _translate(page, english, title_en, summary=SUMMARIES_EN[slug], body=f"<p>{SUMMARIES_EN[slug]}</p>")
    return lines


def _translate(page, locale, title, **fields):
    """The English translation (created once; its text brought up to date when it differs)."""
    copy = page.get_translation_or_none(locale)
    if copy is not None:
        copy = copy.specific
        if copy.title == title and all(getattr(copy, name) == value for name, value in fields.items()):
            return
    else:
        copy = page.copy_for_translation(locale, copy_parents=True, alias=False)
    copy.title = title
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
