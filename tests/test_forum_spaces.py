"""Forum spaces follow their owners: made by migration for what existed, by signals for what comes;
the cohorts' old threads moved into their cohort's space; the forum demo is idempotent."""
import datetime
import importlib

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cohorts import testing as cohorts_testing
from forums.models import Post, Space, Thread
from partners import testing as partners_testing

make_verified_oms = partners_testing.make_verified_oms  # the fixtures, for this module
make_moderator = partners_testing.make_moderator
make_cohort = cohorts_testing.make_cohort

spaces_migration = importlib.import_module("forums.migrations.0002_spaces")
threads_migration = importlib.import_module("cohorts.migrations.0002_threads_to_forums")


def _programme(home_page, slug="iklim", title="Program Iklim", publish=True):
    from programmes.models import ProgrammeIndexPage, ProgrammePage

    index = ProgrammeIndexPage.objects.filter(locale=home_page.locale).first()
    if index is None:
        index = ProgrammeIndexPage(title="Program Nasional", slug="program")
        home_page.add_child(instance=index)
        index.save_revision().publish()
    page = ProgrammePage(title=title, slug=slug)
    index.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


# -- the migration's backfill ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_migrated_database_has_the_national_space_and_one_per_network():
    from network.models import ProvincialNetwork

    networks = ProvincialNetwork.objects.select_related("province")
    assert networks.count() == 38
    for network in networks:
        space = Space.objects.get(network=network)
        assert space.kind == "province" and space.slug == network.province.slug and not space.is_public
    national = Space.objects.get(kind="national")
    assert national.slug == "nasional"


@pytest.mark.django_db
def test_the_backfill_makes_what_is_missing_as_forums_spaces_would_and_is_safe_to_rerun(home_page, make_cohort):
    from django.apps import apps

    from network.models import ProvincialNetwork

    programme = _programme(home_page)
    draft = _programme(home_page, slug="draf", title="Program Draf", publish=False)
    cohort = make_cohort("33", title="Kohort Jawa Tengah")
    made_by_signals = {s.pk: s.slug for s in Space.objects.all()}
    Space.objects.all().delete()
    spaces_migration.create_spaces(apps, None)
    spaces_migration.create_spaces(apps, None)  # a second run adds nothing
    assert Space.objects.filter(kind="province").count() == ProvincialNetwork.objects.count()
    assert Space.objects.filter(kind="national").count() == 1
    assert set(Space.objects.values_list("slug", flat=True)) == set(made_by_signals.values())
    assert Space.objects.get(programme=programme).slug == "program-iklim"
    assert not Space.objects.filter(programme=draft).exists()  # never published: no space yet
    assert Space.objects.get(cohort=cohort).slug == f"kohort-{cohort.pk}-kohort-jawa-tengah"


# -- signals -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_network_gets_its_space_and_takes_it_away_when_deleted():
    from network.models import ProvincialNetwork

    network = ProvincialNetwork.objects.select_related("province").get(province__code="74")
    province = network.province
    network.delete()
    assert not Space.objects.filter(slug=province.slug).exists()  # CASCADE
    network = ProvincialNetwork.objects.create(province=province, name="Jejaring Sulawesi Tenggara")
    space = Space.objects.get(network=network)
    assert space.kind == "province" and space.slug == province.slug
    network.name = "Jejaring Lokadaya Sultra"
    network.save()  # saving again makes nothing more
    assert Space.objects.filter(network=network).count() == 1


@pytest.mark.django_db
def test_a_programme_gets_its_space_when_published_on_its_default_language_page(home_page):
    from wagtail.models import Locale

    programme = _programme(home_page, publish=False)
    assert not Space.objects.filter(programme=programme).exists()  # a draft has none
    programme.save_revision().publish()
    space = Space.objects.get(programme=programme)
    assert space.kind == "programme" and space.slug == "program-iklim"
    # Publishing its English translation (or the page again) makes no second space.
    english = programme.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    programme.save_revision().publish()
    assert Space.objects.filter(kind="programme").count() == 1
    assert not Space.objects.filter(programme_id=english.pk).exists()


@pytest.mark.django_db
def test_a_new_cohort_gets_its_space_and_its_learners_are_its_members(make_verified_oms, make_cohort):
    from forums import access

    semarang = make_verified_oms("oms-semarang", "33.74")
    solo = make_verified_oms("oms-solo", "33.72")
    cohort = make_cohort("33", title="Kohort Keuangan", members=[semarang])
    space = Space.objects.get(cohort=cohort)
    assert space.kind == "cohort" and space.slug == f"kohort-{cohort.pk}-kohort-keuangan"
    assert access.may_post(semarang.editor, space)
    # An OMS of the same province outside the cohort is no member of its (private) space.
    assert not access.may_read(solo.editor, space) and not access.may_post(solo.editor, space)


# -- the cohorts' old threads, moved -----------------------------------------------------------------


def test_body_html_is_escaped_text_in_paragraphs_with_links():
    html = threads_migration.body_html(
        "Lihat \"https://contoh.id/a?b=1&c=2\" <script>alert(1)</script>\n\nbaris\nkedua (https://x.id/p).\r\n")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://contoh.id/a?b=1&amp;c=2" rel="nofollow ugc noopener">' in html
    assert html.endswith('<p>baris<br>kedua (<a href="https://x.id/p" rel="nofollow ugc noopener">'
                         'https://x.id/p</a>).</p>')
    assert threads_migration.body_html("javascript:alert(1)") == "<p>javascript:alert(1)</p>"


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_moves_cohort_threads_and_posts_into_the_cohorts_space():
    """Back to before the cohorts' threads were removed, old rows written, the move run, then forward again."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("cohorts", "0002_threads_to_forums")]
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(before)  # recreates the CohortThread/CohortPost tables (empty)
    try:
        old = MigrationExecutor(connection).loader.project_state(before).apps
        User = old.get_model(*get_user_model()._meta.label.split("."))
        Network = old.get_model("network", "ProvincialNetwork")
        Cohort = old.get_model("cohorts", "Cohort")
        CohortThread = old.get_model("cohorts", "CohortThread")
        CohortPost = old.get_model("cohorts", "CohortPost")
        author = User.objects.create(username="penulis", first_name="Rina")
        moderator = User.objects.create(username="moderator-lama")
        today = datetime.date.today()
        cohort = Cohort.objects.create(title="Kohort Lama", network=Network.objects.get(province__code="33"),
                                       start_date=today, end_date=today)
        opened = timezone.now() - datetime.timedelta(days=10)
        thread = CohortThread.objects.create(cohort=cohort, title="Kas program", author=author, locked=True,
                                             last_post_at=opened + datetime.timedelta(days=2))
        CohortThread.objects.filter(pk=thread.pk).update(created_at=opened)
        bodies = ["Lihat https://contoh.id/panduan <b>tebal</b>", "Iklan obat kuat", "Setuju!"]
        for number, body in enumerate(bodies):
            post = CohortPost.objects.create(thread=thread, author=author, body=body, hidden=number == 1,
                                             hidden_by=moderator if number == 1 else None,
                                             hidden_at=timezone.now() if number == 1 else None)
            CohortPost.objects.filter(pk=post.pk).update(created_at=opened + datetime.timedelta(days=number))
        threads_migration.move_threads(old, None)
        threads_migration.move_threads(old, None)  # run again: nothing doubled

        space = Space.objects.get(cohort_id=cohort.pk)  # the cohort had none (made by the old models): made
        moved = Thread.objects.get(space=space)
        assert (moved.title, moved.kind, moved.author_id, moved.locked, moved.hidden, moved.post_count) == \
            ("Kas program", "discussion", author.pk, True, False, 2)
        assert moved.created_at == opened and moved.last_post_at == opened + datetime.timedelta(days=2)
        posts = list(Post.objects.filter(thread=moved))
        assert [p.body for p in posts] == bodies
        assert [p.created_at for p in posts] == [opened + datetime.timedelta(days=n) for n in range(3)]
        assert [p.hidden for p in posts] == [False, True, False] and posts[1].hidden_by_id == moderator.pk
        assert "&lt;b&gt;tebal&lt;/b&gt;" in posts[0].body_html and 'href="https://contoh.id/panduan"' in \
            posts[0].body_html
        assert all(p.notified_at for p in posts)  # old posts email no one
    finally:
        MigrationExecutor(connection).migrate(leaves)
    with connection.cursor() as cursor:
        assert "cohorts_cohortthread" not in connection.introspection.table_names(cursor)


# -- the demo -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_forum_demo_is_idempotent(home_page, make_verified_oms, make_moderator):
    from forums import demo
    from partners.demo import OMS_EDITOR_ORGANISATION, OMS_EDITOR_USERNAME

    terang = make_verified_oms(OMS_EDITOR_ORGANISATION, "53.10", editor_username=OMS_EDITOR_USERNAME)
    sumba = make_verified_oms(demo.EDITOR_ORGANISATION, "53.12")
    programme = _programme(home_page)
    organisations = {terang.slug: terang, sumba.slug: sumba}
    lines = demo.seed(home_page, organisations)
    assert any(line.startswith("Forum: a solved question") for line in lines)
    threads, posts = Thread.objects.count(), Post.objects.count()
    demo.seed(home_page, organisations)
    assert (Thread.objects.count(), Post.objects.count()) == (threads, posts) == (3, 6)
    assert Space.objects.get(kind="national").is_public
    question = Thread.objects.get(title=demo.QUESTION)
    assert question.space.network.province.code == "53" and question.kind == "question"
    second = get_user_model().objects.get(username=demo.EDITOR_USERNAME)
    assert question.author == terang.editor and question.solution.author == second
    assert question.solution.organisation == sumba and question.post_count == 3
    assert Thread.objects.filter(space__programme=programme, title=demo.PROGRAMME_THREAD).exists()
    assert not Post.objects.filter(notified_at__isnull=True).exists()
