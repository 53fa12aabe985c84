"""Demo content of this app, called by ``manage.py seed_demo``; safe to run again.

One cohort in the province with the most demo OMS, run by its network, taking two demo courses
(``learning.demo`` runs first), its OMS as members, and a discussion with two posts in the cohort's
forum space (``forums.demo.ensure_thread``: found again by its title, emails no one).
"""
import datetime

from django.utils import timezone

TITLE = "Kohort Ketahanan Keuangan OMS 2026"
DESCRIPTION = ("Delapan minggu belajar bersama: mengelola keuangan lembaga dan menggalang sumber daya lokal. "
               "Setiap OMS menugaskan dua pengurus; kita bertemu daring setiap Kamis sore.")
THREAD = "Perkenalan: apa tantangan keuangan lembaga Anda?"
POSTS = (
    "Selamat datang di kohort! Silakan perkenalkan diri dan ceritakan satu tantangan keuangan lembaga Anda. "
    "Materi pekan pertama ada di kursus pertama; panduan lengkapnya di https://lokadaya.net/id/belajar/",
    "Kami di lembaga kami masih mencampur kas program dan kas operasional. "
    "Semoga setelah modul pertama kami bisa memisahkannya.",
)


def _province_with_most(organisations):
    counts = {}
    for page in organisations.values():
        if page.is_verified and page.regency_id:
            counts.setdefault(page.regency.province_id, []).append(page)
    if not counts:
        return None, []
    province_id = sorted(counts, key=lambda pk: (-len(counts[pk]), pk))[0]
    return province_id, counts[province_id]


def _courses(live_courses):
    """Two demo courses: financial resilience and domestic resource raising (by aspect), else the first two."""
    from learning.aspects import Aspect

    chosen = [c for c in (live_courses.filter(aspect=a).first()
                          for a in (Aspect.FINANCIAL_RESILIENCE, Aspect.RESOURCE_RAISING)) if c]
    for course in live_courses:
        if len(chosen) >= 2:
            break
        if course not in chosen:
            chosen.append(course)
    return chosen


def _organisation_of(user, members):
    """The member OMS ``user`` learns under (None for a moderator writing as themselves)."""
    from learning.learners import learner_organisations

    if user is None:
        return None
    return learner_organisations(user).filter(pk__in=[m.pk for m in members]).order_by("title").first()


def seed(home, organisations):
    """Create the demo content; return lines to print."""
    from wagtail.models import Locale

    from forums.demo import ensure_thread
    from forums.spaces import space_for_cohort
    from learning.models import CoursePage
    from network.models import ProvincialNetwork

    from .membership import add_members, learners_of, set_courses
    from .models import Cohort

    province_id, members = _province_with_most(organisations)
    network = ProvincialNetwork.objects.filter(province_id=province_id).first() if province_id else None
    courses = _courses(CoursePage.objects.filter(locale=Locale.get_default()).live().order_by("path"))
    if network is None or not courses:
        return ["Cohorts: skipped (no demo OMS or no demo course)."]
    today = timezone.localdate()
    cohort, created = Cohort.objects.get_or_create(title=TITLE, network=network, defaults={
        "description": DESCRIPTION, "start_date": today - datetime.timedelta(days=14),
        "end_date": today + datetime.timedelta(days=42)})
    if created:
        set_courses(cohort, courses, notify=False)
    add_members(cohort, [m for m in members if not cohort.members.filter(organisation=m).exists()], notify=False)
    moderator = network.moderators.first()
    learner = learners_of(members).order_by("pk").first()
    first, second = moderator or learner, learner or moderator
    ensure_thread(space_for_cohort(cohort), THREAD, [
        (first, _organisation_of(first, members), POSTS[0]), (second, _organisation_of(second, members), POSTS[1])])
    names = ", ".join(m.title for m in members)
    return [f"Cohort “{cohort.title}” ({network.province.name}): {names}; courses: "
            + ", ".join(c.title for c in courses) + " — /admin/kohort/, /id/kohort/"]
