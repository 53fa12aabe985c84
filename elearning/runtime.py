"""The SCORM data model and xAPI statements as this site records them.

Invariants:
- Completion: SCORM 1.2 ``cmi.core.lesson_status`` passed or completed; SCORM 2004
  ``cmi.completion_status`` completed or ``cmi.success_status`` passed; H5P an xAPI ``completed`` or
  ``passed`` statement (or ``answered`` with ``result.completion``) about the package itself, not a
  sub-content. Once complete, an attempt stays complete (a later "incomplete" does not undo it).
- Only ``cmi.*`` keys of bounded size are kept; the body is capped (``MAX_BODY``).
"""
MAX_BODY = 256 * 1024
MAX_VALUE = 65536  # SCORM 2004's suspend_data is at most 64,000 characters
MAX_KEYS = 2000

KEYS = {
    "scorm12": {"status": "cmi.core.lesson_status", "location": "cmi.core.lesson_location",
                "raw": "cmi.core.score.raw", "min": "cmi.core.score.min", "max": "cmi.core.score.max"},
    "scorm2004": {"status": "cmi.completion_status", "success": "cmi.success_status", "location": "cmi.location",
                  "raw": "cmi.score.raw", "min": "cmi.score.min", "max": "cmi.score.max", "scaled": "cmi.score.scaled"},
}
#: Values the runtime sets and the package may only read: never taken from the browser.
READ_ONLY = {"cmi.core.student_id", "cmi.core.student_name", "cmi.core.credit", "cmi.core.entry",
             "cmi.core.lesson_mode", "cmi.learner_id", "cmi.learner_name", "cmi.credit", "cmi.entry", "cmi.mode",
             "cmi.launch_data", "cmi.core.total_time", "cmi.total_time"}


def initial_cmi(kind, user, attempt, record):
    """The values the runtime starts with: who the learner is, and where they stopped."""
    name = (f"{user.last_name}, {user.first_name}".strip(", ") or user.get_username())
    stored = dict(attempt.cmi) if attempt else {}
    resume = bool(attempt and (attempt.suspend_data or attempt.location))
    mode = "normal" if record else "browse"
    if kind == "scorm12":
        values = {"cmi.core.student_id": str(user.pk), "cmi.core.student_name": name,
                  "cmi.core.credit": "credit" if record else "no-credit",
                  "cmi.core.entry": "resume" if resume else "ab-initio", "cmi.core.lesson_mode": mode,
                  "cmi.core.lesson_status": "not attempted"}
    else:
        values = {"cmi.learner_id": str(user.pk), "cmi.learner_name": name,
                  "cmi.credit": "credit" if record else "no-credit",
                  "cmi.entry": "resume" if resume else "ab-initio", "cmi.mode": mode,
                  "cmi.completion_status": "unknown", "cmi.success_status": "unknown"}
    for key, value in stored.items():
        if key not in READ_ONLY and not key.endswith(("session_time", ".exit")):
            values[key] = value
    return values


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def percent(cmi, keys):
    scaled = number(cmi.get(keys.get("scaled", ""), None))
    if scaled is not None and -1 <= scaled <= 1:
        return round(scaled * 100, 2)
    raw, low, high = (number(cmi.get(keys[name])) for name in ("raw", "min", "max"))
    if raw is None:
        return None
    if high is not None and high > (low or 0):
        return round((raw - (low or 0)) / (high - (low or 0)) * 100, 2)
    return raw if 0 <= raw <= 100 else None


def apply_scorm(attempt, kind, values):
    """Merge what the package set into ``attempt``; False when the data is not a SCORM data model."""
    from .models import PackageAttempt

    if not isinstance(values, dict) or len(values) > MAX_KEYS:
        return False
    cmi = dict(attempt.cmi)
    for key, value in values.items():
        if not isinstance(key, str) or not key.startswith("cmi.") or len(key) > 255 or key in READ_ONLY:
            continue
        if not isinstance(value, str | int | float) or len(str(value)) > MAX_VALUE:
            return False
        cmi[key] = str(value)
    attempt.cmi = cmi
    keys = KEYS[kind]
    attempt.suspend_data = cmi.get("cmi.suspend_data", attempt.suspend_data)
    attempt.location = cmi.get(keys["location"], attempt.location)[:1000]
    score = percent(cmi, keys)
    if score is not None:
        attempt.score = score
    Status = PackageAttempt.Status
    if kind == "scorm12":
        status = cmi.get(keys["status"], "")
        if status in ("passed", "completed"):
            attempt.mark_complete(Status.PASSED if status == "passed" else Status.COMPLETED)
        elif not attempt.is_complete:
            attempt.status = {"failed": Status.FAILED, "incomplete": Status.INCOMPLETE,
                              "browsed": Status.INCOMPLETE}.get(status, attempt.status)
    else:
        completion, success = cmi.get(keys["status"], ""), cmi.get(keys["success"], "")
        if success == "passed":
            attempt.mark_complete(Status.PASSED)
        elif completion == "completed":
            attempt.mark_complete(Status.FAILED if success == "failed" else Status.COMPLETED)
        elif not attempt.is_complete:
            attempt.status = Status.FAILED if success == "failed" else (
                Status.INCOMPLETE if completion == "incomplete" else attempt.status)
    return True


def apply_xapi(attempt, statement):
    """Record an H5P xAPI statement about the package; False when it is not one."""
    from .models import PackageAttempt

    if not isinstance(statement, dict) or not isinstance(statement.get("verb"), dict):
        return False
    verb = str(statement["verb"].get("id", "")).rsplit("/", 1)[-1]
    result = statement.get("result") if isinstance(statement.get("result"), dict) else {}
    context = statement.get("context") if isinstance(statement.get("context"), dict) else {}
    activities = context.get("contextActivities") if isinstance(context.get("contextActivities"), dict) else {}
    if activities.get("parent"):
        return True  # a question inside the content: the content's own statement decides
    score = result.get("score") if isinstance(result.get("score"), dict) else {}
    scaled = number(score.get("scaled"))
    if scaled is not None and -1 <= scaled <= 1:
        attempt.score = round(scaled * 100, 2)
    Status = PackageAttempt.Status
    success = result.get("success")
    if verb == "passed" or (verb in ("completed", "answered") and result.get("completion") is True and success is True):
        attempt.mark_complete(Status.PASSED)
    elif verb == "completed" or (verb == "answered" and result.get("completion") is True):
        attempt.mark_complete(Status.FAILED if success is False else Status.COMPLETED)
    elif verb == "failed" and not attempt.is_complete:
        attempt.status = Status.FAILED
    elif not attempt.is_complete and attempt.status == Status.NOT_ATTEMPTED:
        attempt.status = Status.INCOMPLETE
    return True
