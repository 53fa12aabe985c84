"""The two files of a breach report (``affected.csv``, ``notification_draft.txt``), written whole.

Invariant: the files appear complete or not at all. They are written into a temporary directory
beside the target and moved into place (``os.replace``/``os.rename`` on the same file system); a
failure removes the temporary directory and leaves the target as it was.
"""
import os
import shutil
import tempfile

from django.db import transaction

from .affected import affected_csv, affected_people, scope_description  # noqa: F401 - used by the admin
from .draft import notification_draft

CSV_NAME = "affected.csv"
DRAFT_NAME = "notification_draft.txt"


def build(breach, language="id"):
    """``(people, {file name: text})`` for ``breach``."""
    people = affected_people(breach)
    return people, {CSV_NAME: affected_csv(people, language), DRAFT_NAME: notification_draft(breach, language)}


def store_count(breach, count):
    """Keep the number of people affected on the breach (what the register and the authority read)."""
    from ..models import Breach

    with transaction.atomic():
        Breach.objects.filter(pk=breach.pk).update(affected_count=count)
    breach.affected_count = count


def write(files, directory):
    """Write ``files`` into ``directory`` (made if missing); the paths written. Raises OSError."""
    directory = os.path.abspath(directory)
    parent = os.path.dirname(directory) or "."
    existed = os.path.isdir(directory)
    if os.path.exists(directory) and not existed:
        raise NotADirectoryError(directory)
    temporary = tempfile.mkdtemp(prefix=".breach-", dir=directory if existed else parent)
    try:
        for name, text in files.items():
            with open(os.path.join(temporary, name), "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        if existed:
            for name in files:
                os.replace(os.path.join(temporary, name), os.path.join(directory, name))
            os.rmdir(temporary)
        else:
            os.rename(temporary, directory)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return [os.path.join(directory, name) for name in files]
