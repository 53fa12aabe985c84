"""Issuing certificates (placeholder: the certificates helper writes this module)."""


def issue_course_certificate(enrolment):
    """The certificate of a completed enrolment (idempotent); None while not implemented."""
    return None


def issue_attendance_certificate(*, event_page, name, email, user=None, registration_key):
    """The certificate of attendance of one registration (idempotent); None while not implemented."""
    return None


def certificates_for(user):
    """The certificates ``user`` holds, newest first."""
    return []
