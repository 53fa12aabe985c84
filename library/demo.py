"""Demo content of this app, called by ``manage.py seed_demo``; safe to run again.

The library "Pustaka" under the training portal (``learning``'s demo makes it; skipped if missing),
the six-step guide shown in the campaign editor, and five more resources, in Indonesian and English.
"""
from django.core.files.base import ContentFile
from wagtail.models import Collection, Locale

from .demo_content import RESOURCES

INTRO = ("<p>Panduan, templat, perangkat, dan rekaman untuk OMS: pilih aspek kapasitas yang ingin Anda kuatkan."
         "</p>")
INTRO_EN = "<p>Guides, templates, toolkits and recordings for OMS: choose the capacity you want to strengthen.</p>"


def seed(home, organisations):
    """Create the demo content; return lines to print."""
    from learning.models import LearningIndexPage

    from .models import LibraryIndexPage

    default = Locale.get_default()
    english = Locale.objects.filter(language_code="en").first()
    portal = LearningIndexPage.objects.filter(locale=default).first()
    if portal is None:
        return ["Library: skipped (no training portal page)."]
    index = LibraryIndexPage.objects.filter(locale=default).first()
    lines = []
    if index is None:
        index = LibraryIndexPage(title="Pustaka", slug="pustaka", intro=INTRO)
        portal.add_child(instance=index)
        index.save_revision().publish()
        lines.append("Library: Pustaka")
    if english is not None:
        _translate(index, english, {"title": "Library", "intro": INTRO_EN})
    for spec in RESOURCES:
        page, created = _resource(index, default, spec)
        if created:
            lines.append(f"Library resource: {page.title}")
        if english is not None:
            _translate(page, english, spec["en"])
    return lines


def _collection():
    root = Collection.get_first_root_node()
    return root.get_children().filter(name="Pustaka").first() or root.add_child(name="Pustaka")


def _document(title, filename, content):
    from wagtail.documents import get_document_model

    Document = get_document_model()
    found = Document.objects.filter(title=title, collection__name="Pustaka").first()
    if found is not None:
        return found
    document = Document(title=title, collection=_collection())
    document.file = ContentFile(content.encode("utf-8"), name=filename)
    document.save()
    return document


def _resource(index, locale, spec):
    from lokadaya import demo_images
    from sdgs.models import SDG

    from .models import ResourcePage

    page = ResourcePage.objects.filter(locale=locale, slug=spec["slug"]).first()
    if page is not None:
        return page, False
    words = spec["id"]
    page = ResourcePage(
        title=words["title"], slug=spec["slug"], kind=spec["kind"], aspect=spec["aspect"],
        summary=words["summary"], body=words["body"], show_in_campaign_editor=spec.get("flagged", False),
        files=[{"type": "file", "value": {"document": _document(title, filename, content).pk,
                                          "description": description}}
               for title, filename, content, description in spec.get("files", ())],
        recording=[{"type": "video", "value": {"url": url, "title": caption}}
                   for url, caption in [spec["recording"]]] if spec.get("recording") else [],
    )
    page.cover_image = demo_images.demo_image(
        demo_images.illustrations_collection(), words["title"], spec["en"]["title"],
        lambda: demo_images.landscape(spec["slug"], spec.get("keywords", ())))
    index.add_child(instance=page)
    page.sdgs.set(SDG.objects.filter(number__in=spec["sdgs"]))
    page.save_revision().publish()
    return page, True


def _translate(page, locale, fields):
    """The English translation, created once (its words are then the translators')."""
    if page.get_translation_or_none(locale) is not None:
        return
    copy = page.copy_for_translation(locale, copy_parents=True, alias=False)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
