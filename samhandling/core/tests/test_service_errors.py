"""add_service_errors: a service's refusal lands next to its field, or on the whole form; no message is dropped."""

from django import forms
from django.core.exceptions import ValidationError

from samhandling.core.forms import add_service_errors


class _Form(forms.Form):
    title = forms.CharField()


def _bound() -> _Form:
    form = _Form({"title": "Trygghetsvandring"})
    assert form.is_valid()
    return form


def test_a_field_error_lands_next_to_its_field():
    form = _bound()
    add_service_errors(form, ValidationError({"title": "Titeln finns redan."}))
    assert form.errors["title"] == ["Titeln finns redan."]
    assert not form.non_field_errors()


def test_a_field_the_form_does_not_have_becomes_an_error_of_the_whole_form():
    form = _bound()
    add_service_errors(form, ValidationError({"district": "Fel stadsdel.", "title": "För lång."}))
    assert form.non_field_errors() == ["Fel stadsdel."]
    assert form.errors["title"] == ["För lång."]


def test_errors_without_fields_are_all_kept():
    form = _bound()
    add_service_errors(form, ValidationError(["Första felet.", "Andra felet."]))
    assert form.non_field_errors() == ["Första felet.", "Andra felet."]
