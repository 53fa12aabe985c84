"""Demo content of this app, called by ``manage.py seed_demo``; safe to run again.

The portal "Belajar" under the home page (Indonesian and English), a course per capacity aspect and the
six-step course (``demo_content.COURSES``), each with modules, lessons and a quiz; English
translations carry English titles and summaries (the lesson text stays Indonesian until translated).
Block ids are derived from the slugs, so a second run finds the same quiz and questions.
"""
import uuid

from django.contrib.auth import get_user_model
from django.utils.html import escape
from wagtail.models import Locale

from .demo_content import COURSES
from .models import CourseModulePage, CoursePage, LearningIndexPage, LessonPage

INDEX_INTRO = ("<p>Belajar di Lokadaya.net: kursus singkat untuk memperkuat kapasitas OMS lokal, dari ketahanan "
               "keuangan sampai merumuskan inisiatif layanan. Baca terbuka untuk semua; daftar untuk mencatat "
               "kemajuan, mengerjakan kuis, dan mendapat sertifikat.</p>")
INDEX_INTRO_EN = ("<p>Learn on Lokadaya.net: short courses that strengthen local CSOs, from financial resilience to "
                  "formulating a service initiative. Reading is open to all; enrol to record your progress, take "
                  "the quizzes and earn a certificate.</p>")
TRAINING_LOGIN = "tim-pelatihan"
NAMESPACE = uuid.UUID("5b0f7c1e-3d52-4c8e-9a51-6c1c0e2b7a10")


def block_id(*parts):
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def lesson_body(slug, paragraphs, quiz):
    """Raw stream data: the paragraphs, then the quiz (ids stable across runs)."""
    body = [{"type": "text", "id": block_id(slug, "text", str(n)), "value": f"<p>{escape(text)}</p>"}
            for n, text in enumerate(paragraphs)]
    if quiz:
        title, pass_mark, questions = quiz
        body.append({"type": "quiz", "id": block_id(slug, "quiz"), "value": {
            "title": title, "pass_mark": pass_mark,
            "questions": [{"type": "item", "id": block_id(slug, "q", str(q)), "value": {
                "question": question, "explanation": explanation,
                "choices": [{"type": "item", "id": block_id(slug, "q", str(q), str(c)),
                             "value": {"text": text, "correct": correct}}
                            for c, (text, correct) in enumerate(choices)]}}
                for q, (question, choices, explanation) in enumerate(questions)]}})
    return body


def child(parent, model, slug, **fields):
    """The child page ``slug`` of ``parent`` (created and published once)."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def translate(page, locale, title, **fields):
    """The English translation (created once, with its parents; brought up to date when it differs)."""
    copy = page.get_translation_or_none(locale)
    if copy is not None:
        copy = copy.specific
        if copy.title == title and all(getattr(copy, name) == value for name, value in fields.items()):
            return copy
    else:
        copy = page.copy_for_translation(locale, copy_parents=True, alias=False)
    copy.title = title
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


def seed(home, organisations):
    """Create the demo content; return lines to print."""
    english = Locale.objects.filter(language_code="en").first()
    index = LearningIndexPage.objects.child_of(home).first()
    if index is None:
        index = child(home, LearningIndexPage, "belajar", title="Belajar", intro=INDEX_INTRO)
    if english is not None:
        translate(index, english, "Learn", intro=INDEX_INTRO_EN)
    lines = []
    for (slug, aspect, title, title_en, summary, summary_en, level, minutes, intro, outcomes,
         modules) in COURSES:
        created = not CoursePage.objects.child_of(index).filter(slug=slug).exists()
        course = child(index, CoursePage, slug, title=title, aspect=aspect, summary=summary, level=level,
                       estimated_minutes=minutes, intro=intro, outcomes=outcomes)
        if english is not None:
            translate(course, english, title_en, summary=summary_en)
        for module_slug, module_title, module_title_en, module_summary, lessons in modules:
            module = child(course, CourseModulePage, module_slug, title=module_title, summary=module_summary)
            if english is not None:
                # The demo's module summaries are Indonesian only: the English module shows none.
                translate(module, english, module_title_en, summary="")
            for lesson_slug, lesson_title, lesson_title_en, lesson_minutes, paragraphs, quiz in lessons:
                lesson = child(module, LessonPage, lesson_slug, title=lesson_title, estimated_minutes=lesson_minutes,
                               body=lesson_body(f"{slug}/{lesson_slug}", paragraphs, quiz))
                if english is not None:
                    translate(lesson, english, lesson_title_en)
        if created:
            lines.append(f"Course: {title}")
    lines += training_login()
    return lines


def training_login():
    """A member of the training team, to try writing and reviewing courses."""
    from partners.demo import DEMO_PASSWORD

    from .roles import training_group

    user, created = get_user_model().objects.get_or_create(
        username=TRAINING_LOGIN, defaults={"first_name": "Tim", "last_name": "Pelatihan",
                                           "email": "pelatihan@lokadaya.contoh.id"})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(training_group())
    return [f"Training team (courses: write, review, publish): {TRAINING_LOGIN} / {DEMO_PASSWORD}"]
