"""Demo content of the forums, called by ``manage.py seed_demo`` (after the cohorts'); safe to run again.

Every space exists (national, each provincial network, each published national programme, each
cohort); the national space is public. In Nusa Tenggara Timur (the province with two demo OMS) the
demo OMS editor (``partners.demo.OMS_EDITOR_USERNAME``) asks a question that the editor of the other
OMS (``EDITOR_USERNAME``, made here, demo password) answers, and the answer is marked as the
solution. The national space gets a discussion, the first national programme's space a thread.

Threads are found again by their title in their space, so a second run adds nothing. Posts are
written directly (not through ``forums.posting``): demo posts email no one (``notified_at`` is set)
and are not rate limited; their HTML still comes from ``forums.text.render`` when it is available.
"""
import datetime

from django.utils import timezone

#: The second demo OMS editor: Perkumpulan Bantuan Hukum Desa Sumba, in the same province as the first.
EDITOR_USERNAME = "editor-lbh-sumba"
EDITOR_ORGANISATION = "lbh-desa-sumba"
PROVINCE_CODE = "53"

QUESTION = "Izin pemasangan lampu jalan tenaga surya di jalan kabupaten: ke dinas mana?"
QUESTION_POSTS = (
    "Kami ingin memasang 20 lampu jalan tenaga surya di ruas jalan kabupaten menuju desa. Apakah cukup "
    "dengan persetujuan kepala desa, atau perlu izin dari Dinas PUPR kabupaten? Ada yang pernah mengurusnya?",
    "Kami pernah mengurus hal serupa di Sumba Barat. Untuk jalan kabupaten perlu **rekomendasi teknis "
    "Dinas PUPR**; suratnya diajukan oleh desa dengan lampiran:\n\n"
    "- denah titik lampu,\n- spesifikasi tiang dan panel,\n- surat pernyataan pemeliharaan dari desa.\n\n"
    "Prosesnya sekitar dua minggu. Kami bisa berbagi contoh suratnya.",
    "Terima kasih, sangat membantu! Kami ajukan lewat desa minggu ini.",
)
DISCUSSION = "Laporan keuangan sederhana untuk donatur lokal: apa yang berhasil di lembaga Anda?"
DISCUSSION_POSTS = (
    "Donatur lokal kami (warung, paroki, arisan) tidak butuh laporan audit, tetapi ingin tahu ke mana "
    "uangnya pergi. Kami mencoba satu halaman: pemasukan, pengeluaran per kegiatan, dan tiga foto. "
    "Bagaimana dengan lembaga Anda?",
    "Kami menempelkan ringkasan bulanan di papan pengumuman desa dan membagikannya lewat grup WhatsApp. "
    "Sejak itu donasi rutin naik, karena warga melihat hasilnya sendiri.",
)
PROGRAMME_THREAD = "Perkenalan: apa yang ingin lembaga Anda capai dalam program ini?"
PROGRAMME_POSTS = (
    "Selamat datang di ruang diskusi program nasional. Silakan perkenalkan lembaga Anda, wilayah kerjanya, "
    "dan satu hal yang ingin dicapai bersama OMS lain dalam program ini.",
)


def _render(body):
    """The post's safe HTML: ``forums.text.render`` when written, else the escaped text in paragraphs."""
    from django.template.defaultfilters import linebreaks_filter

    from . import text

    try:
        return text.render(body)
    except NotImplementedError:
        return linebreaks_filter(body, autoescape=True)


def ensure_thread(space, title, posts, *, kind="discussion", solution=None, days_ago=3):
    """The thread ``title`` of ``space`` with ``posts`` ((user, organisation, body), ...), made once.

    ``solution``: the index of the post that answers the question. Posts are spread over the last
    ``days_ago`` days; their authors follow the thread. Returns ``(thread, created)``.
    """
    from django.db import transaction

    from .models import Post, Subscription, Thread

    thread = Thread.objects.filter(space=space, title=title).first()
    if thread is not None:
        return thread, False
    now = timezone.now()
    start = now - datetime.timedelta(days=days_ago)
    step = (now - start) / max(len(posts), 1)
    with transaction.atomic():
        author, organisation, _body = posts[0]
        thread = Thread.objects.create(space=space, kind=kind, title=title, author=author,
                                       organisation=organisation, last_post_at=start)
        made = []
        for number, (author, organisation, body) in enumerate(posts):
            when = start + step * number
            post = Post.objects.create(thread=thread, author=author, organisation=organisation, body=body,
                                       body_html=_render(body), notified_at=when)
            Post.objects.filter(pk=post.pk).update(created_at=when)  # auto_now_add: the date goes in after
            made.append(post)
            if author is not None:
                Subscription.objects.get_or_create(user=author, thread=thread)
        Thread.objects.filter(pk=thread.pk).update(
            created_at=start, last_post_at=start + step * (len(posts) - 1), post_count=len(posts),
            solution=made[solution] if solution is not None else None)
    thread.refresh_from_db()
    return thread, True


def _second_editor(organisation):
    """The demo editor of ``organisation`` (the demo password, like the other demo logins)."""
    from django.contrib.auth import get_user_model

    from partners.access import grant_editor_access
    from partners.demo import DEMO_PASSWORD

    user, created = get_user_model().objects.get_or_create(username=EDITOR_USERNAME, defaults={
        "email": f"{EDITOR_USERNAME}@lbhsumba.contoh.id", "first_name": "Yohanes", "last_name": "Bili"})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    grant_editor_access(organisation, editors=[user])
    return user, created


def _ensure_spaces():
    from cohorts.models import Cohort
    from network.models import ProvincialNetwork
    from programmes.models import ProgrammePage
    from wagtail.models import Locale

    from . import spaces

    for network in ProvincialNetwork.objects.select_related("province"):
        spaces.space_for_network(network)
    programmes = list(ProgrammePage.objects.filter(locale=Locale.get_default()).live().order_by("path"))
    for programme in programmes:
        spaces.space_for_programme(programme)
    for cohort in Cohort.objects.all():
        spaces.space_for_cohort(cohort)
    national = spaces.national_space()
    if not national.is_public:
        national.is_public = True
        national.save(update_fields=["is_public"])
    return national, programmes


def seed(home, organisations):
    """Create the demo content; return lines to print."""
    from django.contrib.auth import get_user_model

    from network.models import ProvincialNetwork
    from partners.demo import DEMO_PASSWORD, OMS_EDITOR_ORGANISATION, OMS_EDITOR_USERNAME

    from . import spaces
    from .models import Space

    national, programmes = _ensure_spaces()
    lines = [f"Forum: {Space.objects.count()} spaces; the national one is public — {national.get_absolute_url()}"]
    first_oms = organisations.get(OMS_EDITOR_ORGANISATION)
    second_oms = organisations.get(EDITOR_ORGANISATION)
    if not (first_oms and second_oms and first_oms.is_verified and second_oms.is_verified):
        return lines + ["Forum: demo threads skipped (the demo OMS of Nusa Tenggara Timur are missing)."]
    # The partners' demo makes the first editor only when it makes logins (never in production):
    # without it, the posts are signed by the OMS alone.
    first = get_user_model().objects.filter(username=OMS_EDITOR_USERNAME).first()
    second = None
    if first is not None:
        second, created = _second_editor(second_oms)
        lines.append(f"Forum: OMS editor ({second_oms.title}): {EDITOR_USERNAME} / {DEMO_PASSWORD}"
                     + ("" if created else " (existing account; password unchanged)"))

    province = spaces.space_for_network(ProvincialNetwork.objects.get(province__code=PROVINCE_CODE))
    asker, answerer = (first, first_oms), (second, second_oms)
    question, _created = ensure_thread(
        province, QUESTION, [(*asker, QUESTION_POSTS[0]), (*answerer, QUESTION_POSTS[1]), (*asker, QUESTION_POSTS[2])],
        kind="question", solution=1, days_ago=4)
    lines.append(f"Forum: a solved question in {province.display_name} — {question.get_absolute_url()}")

    discussion, _created = ensure_thread(
        national, DISCUSSION, [(*answerer, DISCUSSION_POSTS[0]), (*asker, DISCUSSION_POSTS[1])], days_ago=6)
    lines.append(f"Forum: a discussion in the national space — {discussion.get_absolute_url()}")

    if programmes:
        space = spaces.space_for_programme(programmes[0])
        thread, _created = ensure_thread(space, PROGRAMME_THREAD, [(*asker, PROGRAMME_POSTS[0])], days_ago=2)
        lines.append(f"Forum: a thread in the space of {programmes[0].title} — {thread.get_absolute_url()}")
    return lines
