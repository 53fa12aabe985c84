"""``manage.py seed_demo [--size N]``: demo content, created once, safe to run again.

Creates the home page and section indexes in Indonesian and English, believable OMS in real
kabupaten/kota, campaigns asking for every installed support type (the plugins supply the asks
and records through their ``demo_ask`` / ``demo_records`` hooks), stories, and the demo logins
(admin, provincial moderators, an OMS editor, communications staff). Every demo page exists in
English with English text (the plugins' ``demo_ask`` answer in the active language; their English
text replaces the Indonesian one in the translation's asks, keeping every block id), and every
campaign, OMS and story has pictures: generated illustrations (``lokadaya.demo_images``), never
presented as photos. The default Site follows ``settings.SITE_URL`` (``make run PORT=8123``).
``--size N`` adds N generated OMS, each with a campaign and a story, for benchmarks.

The demo logins have passwords printed here and written in this repository, so they must never
exist on a real site. Invariant: with DEBUG off (production settings), the command refuses to run
unless ``--allow-production`` is given, and even then it creates no login with a known password:
no admin, no moderator or communications login, and the demo applicants it registers are left
without a usable password. Test settings set ``SEED_DEMO_ALLOWED`` (DEBUG is always off in tests).
"""
import datetime
import json
import random
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.blocks import StreamValue
from wagtail.models import Locale, Page, Site

from campaigns.models import CampaignIndexPage, CampaignPage
from campaigns.plugins import registry
from campaigns.types import DemoInitiative
from editorial import demo as editorial_demo
from editorial.gate import publishing_without_review
from editorial.updates import story_updates_muted
from home.models import HomePage
from lokadaya import demo_data, demo_images
from partners import demo as partner_demo
from pagecache.purge import suspended as page_purges_suspended
from search.deferred import batched as search_jobs_batched
from partners.models import OrganisationIndexPage, OrganisationPage
from programmes import demo as programme_demo
from cohorts import demo as cohorts_demo
from elearning import demo as elearning_demo
from events import demo as events_demo
from learning import demo as learning_demo
from library import demo as library_demo
from lti import demo as lti_demo
from forums import demo as forums_demo
from permits import demo as permits_demo
from alliances import demo as alliances_demo
from regions.models import Regency
from sdgs.models import SDG
from stories.models import StoryIndexPage, StoryPage

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "lokadaya-admin"
#: Every password the demo gives its logins (they are public: they are in this file and the README).
KNOWN_PASSWORDS = (ADMIN_PASSWORD, partner_demo.DEMO_PASSWORD, partner_demo.APPLICANT_PASSWORD,
                   editorial_demo.COMMUNICATIONS_PASSWORD)


def same(stored, value):
    """Whether a page's field already holds ``value`` (StreamFields compared as their JSON)."""
    if hasattr(stored, "raw_data") or hasattr(value, "raw_data"):
        def as_json(v):
            return without_ids(json.loads(json.dumps(list(v.raw_data) if hasattr(v, "raw_data") else v,
                                                     cls=DjangoJSONEncoder)))
        return as_json(stored) == as_json(value)
    return stored == value


def without_ids(data):
    """Block JSON without its block ids (new values get new random ids)."""
    if isinstance(data, dict):
        return {key: without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [without_ids(item) for item in data]
    return data


def merge_text(old, new):
    """``old`` (a stored block value, raw) with the strings of ``new`` (a plugin's ``demo_ask`` value
    in another language): texts replaced, everything else (ids, keys, numbers, dates) kept."""
    if isinstance(old, str) and isinstance(new, str):
        return new
    if isinstance(old, dict) and isinstance(new, dict):
        if {"type", "value", "id"} <= set(old) and not {"type", "value"} <= set(new):  # a list item
            return {**old, "value": merge_text(old["value"], new)}
        return {key: merge_text(value, new[key]) if key in new else value for key, value in old.items()}
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [merge_text(o, n) for o, n in zip(old, new)]
    return old


def production_settings():
    """DEBUG off means a real site, except under the test settings (which say so explicitly)."""
    return not settings.DEBUG and not getattr(settings, "SEED_DEMO_ALLOWED", False)


class Command(BaseCommand):
    help = "Create demo content (idempotent). --size N adds N generated organisations for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=0,
                            help="Extra generated organisations, each with a campaign and a story.")
        parser.add_argument("--records", type=int, default=25,
                            help="Support records per ask on each newly created demo campaign.")
        parser.add_argument("--no-admin", action="store_true", help="Do not create the admin login.")
        parser.add_argument("--allow-production", action="store_true",
                            help="Run with DEBUG off (a real site): demo content only, no login with a known "
                                 "password. Create an administrator with createsuperuser.")

    # Demo stories and campaigns are published as they are: there is nobody to review them.
    @publishing_without_review("seed_demo")
    def handle(self, *args, size, records, no_admin, allow_production=False, **options):
        production = production_settings()
        if production and not allow_production:
            raise CommandError(gettext(
                "seed_demo refuses to run with DEBUG off (production settings): it fills the site with demo "
                "organisations, campaigns and stories. Nothing was created. If you really want demo content on "
                "this site, run it again with --allow-production (no login with a known password is created); "
                "create an administrator with: python manage.py createsuperuser"))
        if size < 0 or records < 0:
            raise CommandError("--size and --records must be zero or more.")
        if production:
            no_admin = True  # no admin, moderator or communications login with a demo password
            last_user_before = get_user_model().objects.aggregate(last=Max("pk"))["last"] or 0
        self.rng = random.Random(20261130)
        self.records = records
        # Demo stories are published quietly: no update email to the demo supporters.
        # One purge of the page cache at the end, not one per page published here; one search index
        # update per object, not one per save.
        with translation.override("id"), transaction.atomic(), story_updates_muted(), page_purges_suspended(), \
                search_jobs_batched():
            self.id_locale = Locale.objects.get(language_code="id")
            self.en_locale, _ = Locale.objects.get_or_create(language_code="en")
            home = self.home()
            self.campaign_index = self.index(home, CampaignIndexPage, "galang-daya", "Galang Daya",
                                             "Raise support", "Dukung inisiatif lokal di sekitar Anda.")
            self.partner_index = self.index(home, OrganisationIndexPage, "mitra", "Mitra", "Partners",
                                            "Organisasi masyarakat sipil di seluruh Indonesia.")
            self.story_index = self.index(home, StoryIndexPage, "cerita-perubahan", "Cerita Perubahan",
                                          "Stories of change", "Perubahan nyata dari inisiatif lokal.")
            organisations = {row[0]: self.organisation(*row) for row in demo_data.ORGANISATIONS}
            # Profiles, verification (each OMS's editor group and collection, where its campaigns'
            # and stories' illustrations then go), illustrations, networks, logins, pending OMS.
            demo_lines = partner_demo.seed(logins=not no_admin)
            organisations = {slug: OrganisationPage.objects.get(pk=page.pk) for slug, page in organisations.items()}
            for row in demo_data.INITIATIVES:
                self.campaign(organisations[row[1]], *row)
            for row in demo_data.STORIES:
                self.story(organisations[row[1]], *row)
            self.generated(size)
            demo_lines += programme_demo.seed(home)
            # Lokadaya.net: courses first (packages go into a lesson, cohorts take courses).
            for app_demo in (learning_demo, elearning_demo, library_demo, events_demo, cohorts_demo,
                             lti_demo, forums_demo, alliances_demo, permits_demo):
                demo_lines += app_demo.seed(home, organisations)
            for lines in registry.hook.demo_finished():
                demo_lines += lines or []
            self.site()
            # Stories and campaigns waiting in their workflows, and the communications login.
            demo_lines += editorial_demo.seed(organisations, logins=not no_admin)
            if production:
                self.lock_demo_logins(last_user_before)
                demo_lines = [line for line in demo_lines
                              if not any(password in line for password in KNOWN_PASSWORDS)]
        if not no_admin:
            self.admin()
        if production:
            demo_lines.append(gettext("Demo content ready. No login was created: create an administrator with "
                                      "python manage.py createsuperuser"))
        for line in demo_lines:
            self.stdout.write(line)

    # -- pages ------------------------------------------------------------------------

    def publish(self, page):
        page.save_revision().publish()
        return page

    def translate(self, page, title, **fields):
        """The English translation of ``page`` (created once), with ``fields`` in English (brought up to
        date, as a new published revision, only when one differs)."""
        existing = page.get_translation_or_none(self.en_locale)
        if existing is not None:
            copy = existing.specific
            if copy.title == title and all(same(getattr(copy, name), value) for name, value in fields.items()):
                return copy
        else:
            copy = page.copy_for_translation(self.en_locale, copy_parents=True, alias=False)
        copy.title = title
        for name, value in fields.items():
            setattr(copy, name, value)
        return self.publish(copy)

    def site(self):
        """The default Site on the address the site is served on (``settings.SITE_URL``: ``make run``
        sets it from ``PORT``), so Wagtail's own full URLs follow the port; nothing when unset."""
        site_url = getattr(settings, "SITE_URL", "")
        site = Site.objects.filter(is_default_site=True).first()
        if not site_url or site is None:
            return
        parts = urlsplit(site_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if (site.hostname, site.port) != (parts.hostname, port):
            site.hostname, site.port = parts.hostname, port
            site.save()

    def home(self):
        home = HomePage.objects.filter(locale=self.id_locale).first()
        if home is None:
            root = Page.get_first_root_node()
            # Replace Wagtail's welcome page; keep its Site row. Renamed without save(): a save
            # queues index and reference tasks that would fail in the worker once it is deleted.
            Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage").update(
                slug="wagtail-welcome")
            home = HomePage(title="Lokadaya", slug="home", locale=self.id_locale,
                            hero_title="Memacu keberdayaan lokal",
                            hero_text="<p>Galang dana, barang, relawan, kemitraan, dan dukungan petisi "
                                      "untuk inisiatif lokal, dan ikuti perubahan yang terjadi.</p>")
            root.add_child(instance=home)
            self.publish(home)
            site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
            site.hostname, site.port, site.site_name, site.root_page = "localhost", 80, "Lokadaya", home
            site.save()
            Page.objects.filter(slug="wagtail-welcome", depth=2).delete()
        self.translate(home, "Lokadaya", hero_title="Powering local self-reliance",
                       hero_text="<p>Raise money, goods, volunteers, partnerships and petition signatures "
                                 "for local initiatives, and follow the change they make.</p>")
        return home

    def index(self, home, model, slug, title, title_en, intro):
        page = model.objects.filter(locale=self.id_locale, slug=slug).first()
        if page is None:
            page = model(title=title, slug=slug, intro=f"<p>{intro}</p>")
            home.add_child(instance=page)
            self.publish(page)
        self.translate(page, title_en, intro=f"<p>{demo_data.INDEX_INTROS_EN.get(slug, title_en)}</p>")
        return page

    def organisation(self, slug, name, form, regency_code, founded, summary, summary_en, sdgs):
        page = OrganisationPage.objects.filter(locale=self.id_locale, slug=slug).first()
        if page is None:
            page = OrganisationPage(
                title=name, slug=slug, legal_name=name, form=form, founded_year=founded, summary=summary,
                about=f"<p>{summary} Didirikan tahun {founded} oleh warga setempat.</p>",
                regency=Regency.objects.get(code=regency_code), email=f"halo@{slug}.contoh.id",
                is_verified=True,
            )
            self.partner_index.add_child(instance=page)
            page.sdgs.set(SDG.objects.filter(number__in=sdgs))
            self.publish(page)
        self.translate(page, name, summary=summary_en)
        return page

    def campaign(self, organisation, slug, _org, title, title_en, summary, summary_en, keywords, cover=None):
        page = CampaignPage.objects.filter(locale=self.id_locale, slug=slug).first()
        steps = self.steps(slug)
        if page is None and cover is None:
            cover = self.cover(organisation, slug, title, title_en, keywords)
        if page is None:
            asks = [(key, value) for key, value in self.asks(slug, title, keywords)]
            today = timezone.localdate()
            page = CampaignPage(
                title=title, slug=slug, summary=summary, body="",
                regency=organisation.regency, start_date=today - datetime.timedelta(days=20),
                end_date=today + datetime.timedelta(days=self.rng.randint(20, 90)), asks=asks,
                hero_image=cover, **steps.get("id", {}),
            )
            organisation.add_child(instance=page)
            page.sdgs.set(organisation.sdgs.all())
            self.publish(page)
            page.refresh_from_db()
            for ask in page.get_asks():
                if self.records and registry.implements(ask.type_key, "demo_records"):
                    registry.call(ask.type_key, "demo_records", campaign=page, ask=ask, count=self.records,
                                  rng=self.rng)
        elif not page.hero_image_id or any(getattr(page, name) != value for name, value in steps.get("id", {}).items()):
            # Seeded before the campaigns had pictures and the six steps: bring it up to date.
            page.hero_image = page.hero_image or self.cover(organisation, slug, title, title_en, keywords)
            for name, value in steps.get("id", {}).items():
                setattr(page, name, value)
            self.publish(page)
        self.translate(page, title_en, summary=summary_en, body="", hero_image=page.hero_image,
                       asks=self.english_asks(page, title_en, keywords), **steps.get("en", {}))
        return page

    def steps(self, slug):
        """The six-step fields of a demo campaign, per language."""
        names = ("problem", "people_served", "place_description", "activities", "change_measure")
        found = demo_data.INITIATIVE_STEPS.get(slug)
        if not found:
            return {}
        return {language: {name: value if name == "place_description" else f"<p>{value}</p>"
                           for name, value in zip(names, texts)} for language, texts in found.items()}

    def asks(self, slug, title, keywords):
        """The plugins' demo asks for an initiative, in the active language."""
        initiative = DemoInitiative(slug=slug, title=title, keywords=tuple(keywords))
        for support_type in registry.support_types():
            if registry.implements(support_type.key, "demo_ask"):
                value = registry.call(support_type.key, "demo_ask", initiative=initiative)
                if value:
                    yield support_type.key, value

    def english_asks(self, page, title_en, keywords):
        """The English translation's asks: the plugins' English demo text on the source's blocks (the
        same ids, as a translation has them, so the records and the progress stay the source's)."""
        with translation.override("en"):
            texts = {key: value for key, value in self.asks(page.slug, title_en, keywords)}
        merged = [{**block, "value": merge_text(block["value"], texts[block["type"]])} if block.get("type") in texts
                  else block for block in page.asks.raw_data]
        return StreamValue(page.asks.stream_block, merged, is_lazy=True)

    def cover(self, organisation, slug, title, title_en, keywords, shared=False):
        """A campaign's or story's cover illustration, in its OMS's collection (``shared``: one per
        theme in the common "Demo illustrations" collection, for the generated benchmark pages)."""
        collection = (demo_images.illustrations_collection() if shared
                      else demo_images.collection_for(organisation))
        return demo_images.demo_image(collection, title, title_en,
                                      lambda: demo_images.landscape(slug, keywords))

    def story(self, organisation, slug, _org, campaign_slug, title, title_en, summary, problem, action, change,
              keywords=None, shared=False, english=None):
        page = StoryPage.objects.filter(locale=self.id_locale, slug=slug).first()
        if keywords is None:
            keywords = next((row[6] for row in demo_data.INITIATIVES if row[0] == campaign_slug), ())
        caption, caption_en = demo_data.STORY_CAPTIONS.get(
            slug, (f"Ilustrasi: {title}", f"Illustration: {title_en}"))
        captions = {"hero_caption": caption}
        if page is None:
            page = StoryPage(title=title, slug=slug, summary=summary, problem=f"<p>{problem}</p>",
                             change=f"<p>{change}</p>", regency=organisation.regency,
                             hero_image=self.cover(organisation, f"{slug}-cerita", title, title_en, keywords, shared),
                             what_was_done=f"<p>{action}</p>", **captions,
                             **editorial_demo.story_fields(slug, summary))
            organisation.add_child(instance=page)
            page.campaigns.set(CampaignPage.objects.filter(slug=campaign_slug, locale=self.id_locale))
            page.sdgs.set(organisation.sdgs.all())
            self.publish(page)
        elif not page.hero_image_id:
            page.hero_image = self.cover(organisation, f"{slug}-cerita", title, title_en, keywords, shared)
            for name, value in captions.items():
                setattr(page, name, value)
            self.publish(page)
        english = english or demo_data.STORIES_EN.get(slug)
        if english:
            summary_en, problem_en, action_en, change_en = english
            english = {"summary": summary_en, "problem": f"<p>{problem_en}</p>",
                       "what_was_done": f"<p>{action_en}</p>", "change": f"<p>{change_en}</p>"}
            english.update(editorial_demo.story_fields(slug, summary_en, language="en"))
        else:
            english = {}
        if captions:
            english["hero_caption"] = caption_en
        self.translate(page, title_en, hero_image=page.hero_image, **self.comparable(english))
        return page

    @staticmethod
    def comparable(fields):
        """StreamField values as ``translate`` can compare them with the stored ones (raw JSON)."""
        from wagtail.fields import StreamField

        result = {}
        for name, value in fields.items():
            field = StoryPage._meta.get_field(name)
            if isinstance(field, StreamField) and isinstance(value, list):
                value = StreamValue(field.stream_block, value)
            result[name] = value
        return result

    def generated(self, size):
        """N extra organisations for benchmarks, written in bulk (``lokadaya.synthetic``): OMS n sits in
        the n-th kabupaten/kota by code, round robin (514 give each one, 1,542 three each), with a
        campaign asking for every installed support type (``--records`` records per ask) and a story.
        Indonesian only; their pictures are shared, one per theme. Idempotent per slug."""
        if not size:
            return
        from lokadaya import synthetic

        existing = set(OrganisationPage.objects.filter(locale=self.id_locale, slug__startswith="oms-gen-")
                       .values_list("slug", flat=True))
        wanted = [n for n in range(1, size + 1) if f"oms-gen-{n}" not in existing]
        if not wanted:
            return
        regencies = list(Regency.objects.select_related("province").order_by("code"))
        sdgs = list(SDG.objects.values_list("pk", flat=True))
        themes = list(demo_data.INITIATIVES)
        collection = demo_images.illustrations_collection()
        logo = demo_images.demo_image(collection, "logo komunitas warga", "logo of a residents' community",
                                      lambda: demo_images.logo("komunitas-warga", "Komunitas Warga"))
        covers = {theme[0]: self.cover(None, theme[0], theme[2], theme[3], theme[6], shared=True)
                  for theme in themes}
        now, today = timezone.now(), timezone.localdate()
        tree = synthetic.Children(self.partner_index)
        organisations, campaigns, stories = [], [], []
        for n in wanted:
            theme = themes[(n - 1) % len(themes)]
            regency = regencies[(n - 1) % len(regencies)]
            org = synthetic.new_page(OrganisationPage, title=f"Komunitas Warga {regency.name} {n}",
                                     slug=f"oms-gen-{n}", summary=theme[4], regency_id=regency.pk, is_verified=True,
                                     verification_status=OrganisationPage.Verification.VERIFIED,
                                     logo_id=logo.pk, cover_image_id=covers[theme[0]].pk)
            org.numchild = 2
            organisations.append(tree.place(org, now))
            org._sdgs = self.rng.sample(sdgs, 2)
            title = f"{theme[2]} di {regency.name}"
            campaign = synthetic.new_page(
                CampaignPage, title=title, slug=f"kampanye-gen-{n}", summary=theme[4], body="", regency_id=regency.pk,
                start_date=today - datetime.timedelta(days=20),
                end_date=today + datetime.timedelta(days=self.rng.randint(20, 90)),
                asks=list(self.asks(f"kampanye-gen-{n}", title, theme[6])), hero_image_id=covers[theme[0]].pk)
            campaign.regency = regency  # cached: the plugins' demo records read it
            story_title = f"Kabar dari {regency.name}: {theme[2]}"
            story = synthetic.new_page(
                StoryPage, title=story_title, slug=f"cerita-gen-{n}", summary=theme[4], problem=f"<p>{theme[4]}</p>",
                what_was_done=f"<p>{theme[4]}</p>", change=f"<p>{theme[4]}</p>", regency_id=regency.pk,
                hero_image_id=covers[theme[0]].pk, hero_caption=f"Ilustrasi: {story_title}"[:255],
                **editorial_demo.story_fields(f"cerita-gen-{n}", theme[4]))
            children = synthetic.Children(org, empty=True)
            campaigns.append(children.place(campaign, now))
            stories.append(children.place(story, now))
        synthetic.write_pages(OrganisationPage, organisations)
        tree.close()
        for org, campaign, story in zip(organisations, campaigns, stories, strict=True):
            story.organisation_id = org.pk
        synthetic.write_pages(CampaignPage, campaigns)
        synthetic.write_pages(StoryPage, stories)
        for model, pages in ((OrganisationPage, organisations), (CampaignPage, campaigns), (StoryPage, stories)):
            synthetic.write_m2m(model, "sdgs", [(page.pk, sdg) for org, page in zip(organisations, pages)
                                                for sdg in org._sdgs])
        synthetic.write_m2m(StoryPage, "campaigns", [(story.pk, campaign.pk)
                                                     for story, campaign in zip(stories, campaigns)])
        synthetic.after_writing(campaigns, [(OrganisationPage, organisations), (CampaignPage, campaigns),
                                            (StoryPage, stories)])
        if self.records:
            with synthetic.record_writes():
                for campaign in campaigns:
                    synthetic.add_records(campaign, {ask.type_key: self.records for ask in campaign.get_asks()},
                                          self.rng)

    def admin(self):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=ADMIN_USERNAME,
                                                   defaults={"email": "admin@lokadaya.contoh.id"})
        if created:
            user.is_staff = user.is_superuser = True
            user.set_password(ADMIN_PASSWORD)
            user.save()
        self.stdout.write(self.style.SUCCESS(
            f"Demo content ready. Admin: {settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/  login: {ADMIN_USERNAME} / "
            f"{ADMIN_PASSWORD}" + ("" if created else " (existing account; password unchanged)")
        ))

    def lock_demo_logins(self, last_user_before):
        """Leave no login created by this run with a known password (the demo applicants register
        through the real registration flow, with a password written in partners/demo.py)."""
        for user in get_user_model().objects.filter(pk__gt=last_user_before):
            if user.has_usable_password() and any(user.check_password(known) for known in KNOWN_PASSWORDS):
                user.set_unusable_password()
                user.save(update_fields=["password"])
