from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _install_text_cleaning() -> None:
    """Every form CharField (and so every ModelForm text field) and every DRF CharField cleans its
    input with samhandling.core.text.clean_text: one place, so that no form can forget it.

    A field that must refuse such characters instead (an identity number) sets `keep_invisible`;
    passwords are taken exactly as typed.
    """
    from django import forms
    from rest_framework import fields as drf_fields

    from samhandling.core.text import clean_text

    if getattr(forms.CharField.to_python, "cleans_text", False):
        return
    form_to_python = forms.CharField.to_python

    def to_python(self, value):
        value = form_to_python(self, value)
        if getattr(self, "keep_invisible", False) or isinstance(self.widget, forms.PasswordInput):
            return value
        return clean_text(value)

    to_python.cleans_text = True
    forms.CharField.to_python = to_python

    drf_to_internal = drf_fields.CharField.to_internal_value

    def to_internal_value(self, data):
        value = drf_to_internal(self, data)
        return value if getattr(self, "keep_invisible", False) else clean_text(value)

    drf_fields.CharField.to_internal_value = to_internal_value


def _install_blank_choice_label() -> None:
    """Every select's empty choice reads "– Välj –" (Django 6.1's default "- Select an option -" has no Swedish).

    Django reads `fields.BLANK_CHOICE_LABEL` when a field is built and invites apps to replace it in ready().
    """
    from django.db.models import fields
    from django.utils.translation import pgettext_lazy

    fields.BLANK_CHOICE_LABEL = pgettext_lazy("empty choice of a select", "– Choose –")


class CoreConfig(AppConfig):
    name = "samhandling.core"
    verbose_name = _("Core")

    def ready(self):
        _install_text_cleaning()
        _install_blank_choice_label()
        from samhandling.core.db import install_stale_plan_guard

        install_stale_plan_guard()
        from samhandling.core import schedule, tasks

        schedule.register("core.forget_old_idempotency_keys", 24 * 3600, tasks.forget_old_idempotency_keys.enqueue)
