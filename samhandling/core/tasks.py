"""What apps need from the background worker (core.worker) besides Django's `@task` and `.enqueue()`.

- Raise `TransientError` (or let an OSError or a database error through) and the task is tried
  again later with back-off; any other exception fails the task at once (a bug does not go away
  by waiting), and an administrator can run it again from the task page.
- Register `@on_give_up(task)` to mark the app's own record failed (the import, the PDF) when the
  worker gives a task up, so the user who started it sees "misslyckades" and why, not "Görs".
"""

import smtplib
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.tasks import Task, task
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class TransientError(Exception):
    """Something outside the task failed for now (a service down, a lock): try again later."""


class WorkerLost(Exception):
    """Stored as a task's error when its worker stopped during the task too many times."""


REASONS = {
    "mail": _("The mail server did not accept the message."),
    "database": _("The database could not be reached."),
    "disk": _("A file could not be written on the server (the disk may be full)."),
    "network": _("A service that the task needs did not answer."),
    "lost": _("The background worker stopped while the task was running."),
    "error": _("An unexpected error occurred in the background work."),
}


def reason_text(code: str) -> str:
    """The Swedish (translated) sentence for a failure reason code."""
    return str(REASONS.get(code, REASONS["error"]))


def classify(exc: BaseException) -> tuple[str, bool]:
    """(reason code, transient?) for an exception raised by a task."""
    if isinstance(exc, WorkerLost):
        return "lost", False
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return "mail", any(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return "mail", not (500 <= exc.smtp_code < 600)
    if isinstance(exc, smtplib.SMTPException):
        return "mail", True
    if isinstance(exc, (OperationalError, InterfaceError)):
        return "database", True
    if isinstance(exc, DatabaseError):
        # An integrity or programming error: the same data fails the same way again.
        return "error", False
    if isinstance(exc, (ConnectionError, TimeoutError)):
        return "network", True
    if isinstance(exc, OSError):
        return "disk", True
    if isinstance(exc, TransientError):
        return "network", True
    return "error", False


GiveUpHandler = Callable[[list, dict, str], None]
_GIVE_UP: dict[str, list[GiveUpHandler]] = {}


def on_give_up(task_obj) -> Callable[[GiveUpHandler], GiveUpHandler]:
    """Register handler(args, kwargs, reason_code), called when the worker gives the task up."""

    def register(handler: GiveUpHandler) -> GiveUpHandler:
        _GIVE_UP.setdefault(task_obj.module_path, []).append(handler)
        return handler

    return register


def give_up_handlers(task_path: str) -> list[GiveUpHandler]:
    return list(_GIVE_UP.get(task_path, []))


def enqueue_on_commit(task_path: str, *args: Any, **kwargs: Any) -> None:
    """Enqueue the task named by its dotted path when the current transaction commits.

    A service names its task instead of importing it: the task module imports the service, never
    the other way round, so the two form no import circle (ADR 0013). The name is resolved at
    once, so a wrong one fails inside the service's transaction rather than after the commit.
    """
    task_obj = import_string(task_path)
    if not isinstance(task_obj, Task):
        raise TypeError(f"{task_path} is not a task")
    transaction.on_commit(lambda: task_obj.enqueue(*args, **kwargs))


@task()
def forget_old_idempotency_keys() -> int:
    """The daily clean-up of the idempotency table (samhandling.core.idempotency)."""
    from samhandling.core.idempotency import forget_old_keys

    return forget_old_keys()
