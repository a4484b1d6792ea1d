"""Every free-text field is limited in the model, the form and the API, and invisible controls are removed."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from rest_framework import serializers

import samhandling
from samhandling.core.text import clean_text, has_invisible

# Fields that hold no free text a person types: hashes, tokens, codes written by the system.
_NOT_FREE_TEXT = set()


def _samhandling_models():
    return [m for m in apps.get_models() if m.__module__.startswith("samhandling.")]


def _samhandling_modules():
    for info in pkgutil.walk_packages(samhandling.__path__, "samhandling."):
        if ".tests" in info.name or ".migrations" in info.name or ".management" in info.name:
            continue
        yield importlib.import_module(info.name)


def _classes(base):
    seen = set()
    for module in _samhandling_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, base) and cls.__module__.startswith("samhandling.") and cls not in seen:
                seen.add(cls)
                yield cls


def test_every_text_field_of_every_model_has_a_length_limit_that_the_model_validates():
    unlimited = []
    for model in _samhandling_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if f"{model._meta.label}.{field.name}" in _NOT_FREE_TEXT:
                continue
            if not field.max_length or not any(isinstance(v, MaxLengthValidator) for v in field.validators):
                unlimited.append(f"{model._meta.label}.{field.name}")
    assert unlimited == []


def test_a_text_field_refuses_too_long_text_in_full_clean():
    from samhandling.cases.models import PoliceRequest

    field = PoliceRequest._meta.get_field("request")
    with pytest.raises(ValidationError) as err:
        field.clean("x" * (field.max_length + 1), None)
    assert f"{field.max_length} tecken" in err.value.messages[0]


def test_every_form_text_field_has_a_length_limit():
    unlimited = []
    for cls in _classes(forms.BaseForm):
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field, forms.UUIDField) and not field.max_length:
                unlimited.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert unlimited == []


def test_every_api_view_that_accepts_text_limits_it():
    """The API is read-only today; a view that accepts writes must limit each text field it takes."""
    from rest_framework.views import APIView

    unlimited = []
    for cls in _classes(APIView):
        writes = [m for m in ("post", "put", "patch") if hasattr(cls, m)]
        if not writes:
            continue
        serializer_class = getattr(cls, "serializer_class", None)
        assert serializer_class is not None, f"{cls.__name__} accepts {writes} without a serializer"
        for name, field in serializer_class().fields.items():
            if isinstance(field, serializers.CharField) and not field.read_only and not field.max_length:
                unlimited.append(f"{cls.__name__}.{name}")
    assert unlimited == []


@pytest.mark.parametrize(
    "text",
    ["Bra\u202eläsa", "Kalle\u200bAnka", "\u2066isolat\u2069", "\ufeffstart", "a\u200db", "b\u200fc", "\u061cx"],
)
def test_bidi_and_zero_width_characters_are_removed_from_every_form_text(text):
    class Any(forms.Form):
        text_field = forms.CharField(max_length=100)

    form = Any({"text_field": text})
    assert form.is_valid()
    assert not has_invisible(form.cleaned_data["text_field"])
    assert form.cleaned_data["text_field"] == clean_text(text)


def test_a_model_form_cleans_the_same_way():
    from samhandling.cases.forms import ChildViewsForm

    form = ChildViewsForm(
        {"whose": "child", "recorded_on": "2025-01-01", "how": "Sa\u202emtal", "views": "Vill\u200b bo kvar"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["how"] == "Samtal" and form.cleaned_data["views"] == "Vill bo kvar"


def test_passwords_are_taken_exactly_as_typed():
    from samhandling.accounts.forms import LoginForm

    field = LoginForm.base_fields["password"]
    assert field.clean("lösen\u200bord") == "lösen\u200bord"
