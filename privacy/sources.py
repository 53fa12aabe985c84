"""Core's own personal data: what the platform holds about a person outside the support types.

Each source describes, corrects and erases one kind of row (a donor account, an event
registration, an opt-out...). ``service`` calls every source in ``CORE_SOURCES`` beside the
plugins' hooks. A new core model holding personal data adds its source here.

(Filled by the subjects part: see ``CORE_SOURCES``.)
"""

CORE_SOURCES = []
