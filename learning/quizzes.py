"""Grading a lesson's quiz on the server.

Invariants:
- Answers are checked against the quiz block's **current** definition in the source lesson (ids of
  questions and choices); an answer naming no choice of its question is refused, never guessed.
- Every question must be answered; a refused submission stores nothing and tells the learner why.
- Every graded submission is stored (``QuizAttempt``); a question counts as right only when exactly
  its correct choices were picked. Passed = score >= the quiz's pass mark.
"""
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .blocks import Quiz, quiz_blocks
from .models import QuizAttempt


class QuizError(Exception):
    """A submission that cannot be graded; ``errors``: question id -> message ("" for the quiz)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


@dataclass
class Result:
    attempt: QuizAttempt
    right: set = field(default_factory=set)  # question ids answered right


def find_quiz(lesson, block_id):
    """The quiz block ``block_id`` of ``lesson`` (its source page), or None."""
    for found_id, value in quiz_blocks(lesson.body):
        if found_id == block_id:
            return Quiz(found_id, value)
    return None


def answers_from(data, quiz):
    """The submitted choice ids per question id (form fields ``q-<question id>``)."""
    return {question_id: [str(v) for v in data.getlist(f"q-{question_id}")] for question_id, _q, _c in quiz.questions}


def check(quiz, answers):
    """Validate ``answers`` against ``quiz``; return the question ids answered right."""
    errors, right = {}, set()
    for question_id, question, choices in quiz.questions:
        picked = set(answers.get(question_id) or [])
        known = {choice_id for choice_id, _choice in choices}
        if not picked:
            errors[question_id] = _("Choose an answer to this question.")
        elif not picked <= known:
            errors[question_id] = _("This answer is not one of the question's choices (the quiz may have "
                                    "changed): choose again.")
        elif picked == {choice_id for choice_id, choice in choices if choice["correct"]}:
            right.add(question_id)
    if errors:
        raise QuizError(errors)
    return right


def grade(enrolment, lesson, block_id, answers):
    """Grade and store one submission of quiz ``block_id`` of the source ``lesson``; raise QuizError."""
    quiz = find_quiz(lesson, block_id)
    if quiz is None:
        raise QuizError({"": _("This quiz is no longer part of the lesson. Reload the page.")})
    right = check(quiz, answers)
    total = len(quiz.questions)
    score = round(100 * len(right) / total) if total else 100
    clean = {question_id: sorted(set(answers.get(question_id) or [])) for question_id, _q, _c in quiz.questions}
    with transaction.atomic():
        attempt = QuizAttempt.objects.create(enrolment=enrolment, lesson=lesson, block_id=block_id, answers=clean,
                                             score=score, passed=score >= quiz.pass_mark)
    return Result(attempt=attempt, right=right)


def passed_quizzes(enrolment, lesson):
    """Ids of the quiz blocks of ``lesson`` the enrolment has passed."""
    return set(QuizAttempt.objects.filter(enrolment=enrolment, lesson=lesson, passed=True)
               .values_list("block_id", flat=True))


def unpassed_quizzes(enrolment, lesson):
    """Ids of the lesson's current quiz blocks not passed yet."""
    passed = passed_quizzes(enrolment, lesson)
    return [block_id for block_id, _value in quiz_blocks(lesson.body) if block_id not in passed]


def latest_attempts(enrolment, lesson):
    """block id -> the latest attempt, with ``right`` (question ids answered right now)."""
    latest = {}
    for attempt in QuizAttempt.objects.filter(enrolment=enrolment, lesson=lesson).order_by("-submitted_at", "-pk"):
        latest.setdefault(attempt.block_id, attempt)
    for block_id, attempt in latest.items():
        quiz = find_quiz(lesson, block_id)
        attempt.right = set()
        if quiz is not None:
            for question_id, _question, choices in quiz.questions:
                correct = {choice_id for choice_id, choice in choices if choice["correct"]}
                if set(attempt.answers.get(question_id) or []) == correct:
                    attempt.right.add(question_id)
    return latest
