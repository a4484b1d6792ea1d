"""Model fields shared by the apps."""

from django.core import validators
from django.db import models
from django.utils.functional import cached_property


class LimitedTextField(models.TextField):
    """A TextField with a length limit that holds in the model (full_clean), the ModelForm and the API.

    Django's TextField passes max_length only to the form widget; this field also validates it,
    so a service that calls full_clean, a ModelForm and a ModelSerializer all refuse too long text.
    Every free-text field uses it (tests/test_text_limits.py walks every model).
    """

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self):
        return [*super().validators, validators.MaxLengthValidator(self.max_length)]
