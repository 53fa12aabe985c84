"""Template helpers of the training portal: a quiz's state for the learner, an OMS's completed courses."""
from django import template
from django.db.models import Count

register = template.Library()


@register.simple_tag(takes_context=True)
def quiz_state(context, block_id, value):
    """The quiz as the learner sees it: questions, choices (checked), errors, the latest attempt's marks.

    Which choices are right is never given to the template: only whether a question was answered right.
    """
    errors = context.get("quiz_errors") or {}
    answers = context.get("quiz_answers") or {} if context.get("quiz_id") == block_id else {}
    attempt = (context.get("attempts") or {}).get(block_id)
    if not answers and attempt is not None:
        answers = attempt.answers
    refused = context.get("quiz_id") == block_id
    questions = []
    for number, question in enumerate(value["questions"].bound_blocks, start=1):
        choices = question.value["choices"].bound_blocks
        picked = set(answers.get(question.id) or [])
        questions.append({
            "id": question.id, "number": number, "text": question.value["question"],
            "multiple": sum(1 for choice in choices if choice.value["correct"]) > 1,
            "choices": [{"id": choice.id, "text": choice.value["text"], "checked": choice.id in picked}
                        for choice in choices],
            "error": errors.get(question.id) if refused else None,
            "right": (question.id in attempt.right) if attempt is not None and not refused else None,
            "explanation": question.value["explanation"] if attempt is not None and not refused else "",
        })
    return {"questions": questions, "attempt": attempt, "refused": refused and bool(errors)}


@register.simple_tag
def completed_courses(organisation):
    """[(course in the visitor's language, learners who completed it)] for an OMS's profile.

    Counts only: no learner is named. One query (two in a translated language), whatever the OMS holds.
    """
    from wagtail.models import Locale

    from learning.models import CoursePage, source_page

    rows = list(CoursePage.objects.filter(live=True, enrolments__organisation=source_page(organisation),
                                          enrolments__completed_at__isnull=False)
                .annotate(learners=Count("enrolments__user", distinct=True)).order_by("-learners", "title"))
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        locale = None
    if rows and locale is not None and locale.pk != rows[0].locale_id:
        translated = {page.translation_key: page for page in CoursePage.objects.live().filter(
            locale=locale, translation_key__in=[row.translation_key for row in rows])}
        return [(translated.get(row.translation_key, row), row.learners) for row in rows]
    return [(row, row.learners) for row in rows]
