from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samhandling.core.idempotency import IdempotentFormMixin
from samhandling.core.text import swedish_sort_key
from samhandling.organisations.models import Unit
from samhandling.organisations.roles import Role

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name, username or e-mail"), max_length=100, required=False)
    stale = forms.BooleanField(label=_("Only users without a recent login (to be ended)"), required=False)


class UserCreateForm(IdempotentFormMixin, forms.Form):
    username = forms.CharField(
        label=pgettext_lazy("administration", "Username"),
        max_length=150,
        validators=[RegexValidator(r"^[\w.@+-]+\Z", _("Letters, digits and @ . + - _ only."))],
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("Reminders and notices from Samhandling go to this address."),
    )
    title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    oidc_subject = forms.CharField(
        label=_("SSO subject"),
        max_length=255,
        help_text=_(
            "The identifier the city's single sign-on gives the person (the claim 'sub'). The login is matched "
            "on it, never on the e-mail address."
        ),
    )


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return str(obj)


class MembershipGiveForm(IdempotentFormMixin, forms.Form):
    username = forms.CharField(label=pgettext_lazy("administration", "Username"), max_length=150)
    unit = UnitChoice(label=_("Unit"), queryset=Unit.objects.none(), empty_label=pgettext_lazy("choice", "– Choose –"))
    role = forms.ChoiceField(label=_("Role"))
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE)
    valid_to = forms.DateField(label=_("Valid to"), required=False, widget=DATE)

    def __init__(self, *args, units: QuerySet[Unit], roles: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = units.select_related("administration")
        unit_field = cast(forms.ModelChoiceField, self.fields["unit"])
        role_field = cast(forms.ChoiceField, self.fields["role"])
        unit_field.queryset = units
        # Swedish order in the list, whatever the database's collation.
        ordered = sorted(units, key=lambda u: swedish_sort_key(str(u)))
        unit_field.choices = [("", pgettext_lazy("choice", "– Choose –"))] + [(u.pk, str(u)) for u in ordered]
        role_field.choices = [("", pgettext_lazy("choice", "– Choose –"))] + sorted(
            [(r, Role(r).label) for r in roles], key=lambda c: swedish_sort_key(str(c[1]))
        )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            self.user = get_user_model().objects.get(username__iexact=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(_("There is no active user with this username.")) from None
        return username

    def clean(self):
        cleaned = super().clean() or {}
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date cannot come before the start date."))
        return cleaned


class VersionForm(forms.Form):
    """The version of the record the page showed, so that a stale change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
