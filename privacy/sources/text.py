"""Sources for free text that may quote the person (audit logs, notes, flags, messages) and for the
task queue's stored results."""
import json

from django.apps import apps
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .base import CoreRecord, Rewrite, Source, as_read, correction, held_or_found


class FreeText(Source):
    """Text fields that may quote the person (audit logs, notes). Their address and number are
    replaced wherever they appear; their names wherever they appear (``names_everywhere``) or only
    in the rows about their own records (``own``: a function of ``held`` giving a filter)."""

    reads_held = True

    def __init__(self, model_label, fields=(), json_fields=(), own=None, names_everywhere=False, source=None,
                 described_elsewhere=None):
        self.model_label, self.fields, self.json_fields = model_label, tuple(fields), tuple(json_fields)
        self.own, self.names_everywhere, self.source = own, names_everywhere, source
        #: A function of the subject: a filter of the rows another source describes already.
        self.described_elsewhere = described_elsewhere

    @property
    def model(self):
        try:
            return apps.get_model(self.model_label)
        except LookupError:
            return None

    def _names_in(self, held):
        if self.names_everywhere:
            return None
        return self.own(held) if self.own else Q(pk__in=[])

    def describe(self, subject, held=None):
        model = self.model
        if model is None:
            return []
        held = held_or_found(subject, held)
        rewrite = Rewrite(subject)
        aliases = {name: f"_privacy_{name}_text" for name in self.json_fields}
        rows = model._default_manager.alias(**{alias: Cast(name, TextField()) for name, alias in aliases.items()})
        condition = Q()
        for expression in (*self.fields, *aliases.values()):
            condition |= rewrite.condition(expression, names=False)
        if self.own and self.fields:
            written = Q()
            for name in self.fields:
                written |= ~Q(**{name: ""})
            condition |= self.own(held) & written
        if not condition:
            return []
        rows = rows.filter(condition)
        if self.described_elsewhere:
            rows = rows.exclude(self.described_elsewhere(subject))
        items = []
        for row in rows[:500]:
            values = {capfirst(str(model._meta.get_field(name).verbose_name)): as_read(getattr(row, name))
                      for name in (*self.fields, *self.json_fields)}
            values = {label: (json.dumps(value, ensure_ascii=False, default=str)
                              if isinstance(value, (dict, list)) else value) for label, value in values.items()}
            created = next((getattr(row, name) for name in ("created_at", "action_time", "timestamp")
                            if hasattr(row, name)), None)
            items.append(CoreRecord(source=str(self.source or capfirst(str(model._meta.verbose_name))),
                                    reference=f"{model._meta.label_lower}:{row.pk}", created_at=created, fields=values))
        return items

    def correct(self, subject, changes, held=None):
        model = self.model
        if model is None:
            return 0
        held = held_or_found(subject, held)
        return correction(subject, changes, held.names).apply(
            model._default_manager.all(), self.fields, self.json_fields, names_in=self._names_in(held))

    def erase(self, subject, held=None):
        model = self.model
        if model is None:
            return 0
        held = held_or_found(subject, held)
        return Rewrite(subject, held.names).apply(
            model._default_manager.all(), self.fields, self.json_fields, names_in=self._names_in(held))


def on_records(type_field, id_field):
    """A filter of ``held``: rows about the person's own records (``<type_field>`` = "app.model")."""
    def own(held):
        condition = Q(pk__in=[])
        for label in held.references:
            ids = held.ids(label)
            if ids:
                condition |= Q(**{type_field: label, f"{id_field}__in": ids})
        return condition
    return own


class QueuedTasks(Source):
    """The task worker's stored tasks (``django_tasks_db``) whose arguments or results name the person
    (emails to them, notifications about their records). Finished ones are deleted; one not yet run
    is left to run (an email already queued is sent) and said so."""

    reads_held = True
    FINISHED = ("SUCCESSFUL", "FAILED")

    def rows(self, subject, held):
        if not apps.is_installed("django_tasks_db"):
            return None
        from django_tasks_db.models import DBTaskResult as model
        rewrite = Rewrite(subject, held.names)
        if not rewrite:
            return model.objects.none()
        rows = model.objects.alias(_privacy_args=Cast("args_kwargs", TextField()),
                                   _privacy_return=Cast("return_value", TextField()))
        condition = Q()
        for expression in ("_privacy_args", "_privacy_return", "traceback"):
            condition |= rewrite.condition(expression)
        return rows.filter(condition)

    def describe(self, subject, held=None):
        rows = self.rows(subject, held_or_found(subject, held))
        if rows is None:
            return []
        items = []
        for row in rows.order_by("enqueued_at")[:500]:
            note = "" if row.status in self.FINISHED else _(
                "Already queued: it still runs (an email already queued is sent); its record is deleted within a "
                "week after.")
            values = {str(_("Task")): row.task_path.rpartition(".")[2], str(_("Status")): row.get_status_display(),
                      str(_("Queued")): as_read(row.enqueued_at)}
            if note:
                values[str(_("Note"))] = str(note)
            items.append(CoreRecord(source=str(_("Task of the site's worker")),
                                    reference=f"{row._meta.label_lower}:{row.pk}", created_at=row.enqueued_at,
                                    fields=values, erasure_note=str(note) if note else ""))
        return items

    def correct(self, subject, changes, held=None):
        # A finished task keeps what was sent then; with the old address it would still name the person.
        return self._delete_finished(subject, held) if changes.get("email") or changes.get("name") else 0

    def erase(self, subject, held=None):
        return self._delete_finished(subject, held)

    def _delete_finished(self, subject, held):
        rows = self.rows(subject, held_or_found(subject, held))
        if rows is None:
            return 0
        return rows.model.objects.filter(pk__in=rows.filter(status__in=self.FINISHED).values("pk")).delete()[0]
