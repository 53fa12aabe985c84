"""Demo content of the alliances, called by ``manage.py seed_demo`` (after the forums'); safe to run again.

The alliances index (Indonesian and English) and one national alliance of three demo OMS in two
provinces (Nusa Tenggara Timur and DI Yogyakarta): its joint position statement, two decision
makers, a timeline of four milestones (a letter, a hearing, the governor's response with its
evidence, a policy change that links a demo story of change), its members (the lead and two more,
``MEMBER`` rows, with their page permissions through ``alliances.membership.sync_permissions``),
an English translation, and a joint petition counting the petition asks of the three OMS's demo
campaigns: only when the petition plugin is installed, and only asks that exist.

Everything is found again by its slug or title, so a second run adds nothing.
"""
import datetime

from django.utils import timezone
from wagtail.models import Locale

#: (organisation slug, lead?): two OMS in Nusa Tenggara Timur, one in DI Yogyakarta.
MEMBERS = (("yayasan-terang-desa", True), ("lbh-desa-sumba", False), ("air-hujan-gunungkidul", False))
SLUG = "aliansi-desa-terang-dan-berair"
STORY_SLUG = "cahaya-pertama-wae-rebo"
#: The built-in petition plugin's key: named only when that plugin is installed (``registry.is_installed``).
PETITION_KEY = "petition"

INDEX = {"id": {"title": "Aliansi Advokasi",
                "intro": "<p>OMS yang bergerak bersama untuk mengubah kebijakan: sikap bersama, pengambil "
                         "kebijakan yang dituju, dan jejak advokasinya.</p>"},
         "en": {"title": "Advocacy alliances",
                "intro": "<p>OMS acting together to change a policy: their joint position, the decision makers "
                         "they address, and the record of their advocacy.</p>"}}

ALLIANCE = {
    "id": {
        "title": "Aliansi Desa Terang dan Berair",
        "summary": "Tiga OMS dari NTT dan Gunungkidul meminta Dana Desa boleh dipakai untuk lampu jalan, "
                   "air bersih, dan bantuan hukum warga.",
        "policy_issue": "Dana Desa untuk layanan dasar: penerangan jalan, air bersih, dan paralegal desa",
        "position_statement": (
            "<h2>Sikap bersama</h2><p>Desa-desa dampingan kami masih gelap di malam hari, kering di musim "
            "kemarau, dan warganya kehilangan tanah karena tidak tahu haknya. Dana Desa dapat menjawab ketiganya, "
            "tetapi prioritas penggunaannya belum menyebut layanan dasar ini.</p>"
            "<h3>Kami meminta</h3><ol><li>Penerangan jalan tenaga surya, penampungan air hujan, dan paralegal "
            "desa disebut dalam prioritas penggunaan Dana Desa.</li><li>Pemerintah provinsi menerbitkan "
            "panduan yang sama untuk seluruh kabupaten.</li><li>Warga dilibatkan dalam musyawarah desa yang "
            "menetapkannya.</li></ol>"),
    },
    "en": {
        "title": "Alliance for Lit and Watered Villages",
        "summary": "Three OMS from NTT and Gunungkidul ask that village funds may pay for street lights, "
                   "clean water and legal aid.",
        "policy_issue": "Village funds for basic services: street lighting, clean water and village paralegals",
        "position_statement": (
            "<h2>Our joint position</h2><p>The villages we work with are still dark at night, dry in the dry "
            "season, and their people lose land because they do not know their rights. Village funds can answer "
            "all three, but the priorities for their use do not name these basic services yet.</p>"
            "<h3>We ask</h3><ol><li>Solar street lighting, rainwater harvesting and village paralegals are "
            "named among the priorities of village funds.</li><li>The provincial government issues the same "
            "guidance to every regency.</li><li>Villagers take part in the village meetings that decide it."
            "</li></ol>"),
    },
}

#: (office id, office en, holder, level, province code or None)
DECISION_MAKERS = (
    ("Menteri Desa dan Pembangunan Daerah Tertinggal", "Minister of Villages and Development of "
     "Disadvantaged Regions", "", "national", None),
    ("Gubernur Nusa Tenggara Timur", "Governor of East Nusa Tenggara", "", "province", "53"),
)

#: (days ago, kind, title id, title en, description id, description en, responder, evidence link, story?)
MILESTONES = (
    (240, "letter", "Surat bersama kepada Menteri Desa", "Joint letter to the Minister of Villages",
     "Tiga OMS menandatangani surat bersama berisi data 40 dusun tanpa penerangan dan air bersih.",
     "The three OMS signed a joint letter with the figures of 40 hamlets without lighting or clean water.",
     "", "", False),
    (180, "hearing", "Rapat dengar pendapat di DPRD Provinsi NTT", "Hearing at the NTT provincial parliament",
     "Warga Wae Rebo dan paralegal desa Sumba Barat menyampaikan kesaksian di depan Komisi V.",
     "Villagers of Wae Rebo and village paralegals of West Sumba testified before Commission V.",
     "", "", False),
    (120, "response", "Tanggapan Gubernur NTT", "Response of the Governor of NTT",
     "Gubernur menjawab secara tertulis: panduan provinsi tentang Dana Desa akan memuat layanan dasar.",
     "The governor answered in writing: the provincial guidance on village funds will include basic services.",
     "Gubernur Nusa Tenggara Timur", "https://example.org/lokadaya-demo/surat-tanggapan-gubernur-ntt", False),
    (45, "policy_change", "Panduan Dana Desa NTT memuat penerangan jalan dan air bersih",
     "NTT's village fund guidance names street lighting and clean water",
     "Panduan provinsi terbit; desa-desa dampingan mulai menganggarkan lampu jalan tenaga surya.",
     "The provincial guidance was issued; the villages we work with began budgeting for solar street lights.",
     "", "", True),
)

JOINT_PETITION = {
    "title": "Petisi bersama: Dana Desa untuk layanan dasar",
    "description": "Setiap tanda tangan pada petisi kampanye ketiga anggota dihitung bersama.",
    "goal": 1500,
}


def seed(home, organisations):
    """Create the demo alliance; return lines to print."""
    from .models import AllianceIndexPage

    default = Locale.get_default()
    english = Locale.objects.filter(language_code="en").first()
    members = [(organisations.get(slug), lead) for slug, lead in MEMBERS]
    if any(organisation is None for organisation, _lead in members):
        return ["Alliances: skipped (the demo OMS are missing)."]
    lines = []
    index = AllianceIndexPage.objects.filter(locale=default).first()
    if index is None:
        index = AllianceIndexPage(slug="aliansi", **INDEX["id"])
        home.add_child(instance=index)
        index.save_revision().publish()
        lines.append(f"Alliances: {index.title}")
    if english is not None:
        _translate(index, english, INDEX["en"])
    alliance, created = _alliance(index, default, members)
    if created:
        lines.append(f"Alliance: {alliance.title} ({len(members)} OMS)")
    _members(alliance, members)
    action, linked = _joint_petition(alliance, [organisation for organisation, _lead in members])
    if linked:
        lines.append(f"Joint petition: {action.title} ({linked} asks linked)")
    if english is not None:
        _translate_alliance(alliance, english)
    return lines


def _alliance(index, locale, members):
    from regions.models import Province
    from stories.models import StoryPage

    from .models import AlliancePage, DecisionMaker, Milestone

    page = AlliancePage.objects.filter(locale=locale, slug=SLUG).first()
    if page is not None:
        return page, False
    lead = next(organisation for organisation, is_lead in members if is_lead)
    today = timezone.localdate()
    provinces = {p.code: p for p in Province.objects.filter(code__in=["53"])}
    story = (StoryPage.objects.filter(locale=locale, slug=STORY_SLUG).first()
             or StoryPage.objects.filter(locale=locale).descendant_of(lead).first())
    page = AlliancePage(slug=SLUG, level="national", lead_organisation=lead,
                        founded_on=today - datetime.timedelta(days=300), **ALLIANCE["id"])
    page.decision_makers = [
        DecisionMaker(office=office, name=holder, level=level, province=provinces.get(code), locale=locale)
        for office, _office_en, holder, level, code in DECISION_MAKERS]
    page.milestones = [
        Milestone(date=today - datetime.timedelta(days=days), kind=kind, title=title, description=text,
                  responder=responder, evidence_link=link, story=story if with_story else None, locale=locale)
        for days, kind, title, _title_en, text, _text_en, responder, link, with_story in MILESTONES]
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page, True


def _members(alliance, members):
    from .models import AllianceMembership

    now = timezone.now()
    for organisation, is_lead in members:
        AllianceMembership.objects.get_or_create(
            alliance=alliance, organisation=organisation,
            defaults={"status": AllianceMembership.Status.MEMBER, "is_lead": is_lead, "responded_at": now,
                      "message": "" if is_lead else "Mari bergabung dalam aliansi ini."})
    try:
        from .membership import sync_permissions
    except ImportError:  # the membership module does not grant page permissions (yet)
        return
    try:
        sync_permissions(alliance)
    except NotImplementedError:
        pass


def _petition_asks(organisation):
    """``[(campaign, ask id)]``: the first petition ask of each of ``organisation``'s live source campaigns."""
    from campaigns.models import CampaignPage

    found = []
    for campaign in (CampaignPage.objects.child_of(organisation).filter(locale_id=organisation.locale_id)
                     .live().order_by("pk")):
        ask = next((ask for ask in campaign.get_asks() if ask.type_key == PETITION_KEY), None)
        if ask is not None:
            found.append((campaign, ask.id))
    return found


def _joint_petition(alliance, organisations):
    """The joint petition and how many asks this run linked: none when the petition plugin is not installed."""
    from campaigns.plugins import registry

    from .models import JointAction, JointActionAsk

    if not registry.is_installed(PETITION_KEY):
        return None, 0
    action, _created = JointAction.objects.get_or_create(
        alliance=alliance, type_key=PETITION_KEY, title=JOINT_PETITION["title"],
        defaults={"description": JOINT_PETITION["description"], "goal": JOINT_PETITION["goal"]})
    linked = 0
    for organisation in organisations:
        for campaign, ask_id in _petition_asks(organisation):
            # An ask counts in one joint action only: one already linked elsewhere stays there.
            if not JointActionAsk.objects.filter(campaign=campaign, ask_id=ask_id).exists():
                JointActionAsk.objects.create(joint_action=action, campaign=campaign, ask_id=ask_id,
                                              organisation=organisation)
                linked += 1
    return action, linked


def _translate(page, locale, fields):
    """The English translation, created once (its words are then the translators')."""
    if page.get_translation_or_none(locale) is not None:
        return None
    copy = page.copy_for_translation(locale, copy_parents=True, alias=False)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


def _translate_alliance(alliance, locale):
    """The alliance in English, with its decision makers' offices and milestones in English too."""
    if alliance.get_translation_or_none(locale) is not None:
        return
    copy = alliance.copy_for_translation(locale, copy_parents=True, alias=False)
    for name, value in ALLIANCE["en"].items():
        setattr(copy, name, value)
    offices = {office: office_en for office, office_en, *_rest in DECISION_MAKERS}
    decision_makers = list(copy.decision_makers.all())
    for decision_maker in decision_makers:
        decision_maker.office = offices.get(decision_maker.office, decision_maker.office)
    english = {title: (title_en, text_en) for _d, _k, title, title_en, _t, text_en, *_rest in MILESTONES}
    milestones = list(copy.milestones.all())
    for milestone in milestones:
        milestone.title, milestone.description = english.get(milestone.title, (milestone.title,
                                                                                milestone.description))
    copy.decision_makers = decision_makers
    copy.milestones = milestones
    copy.save_revision().publish()
