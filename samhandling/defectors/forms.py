from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samhandling.collaboration.models import Consent, InfoKind, LegalBasis
from samhandling.core.idempotency import IdempotentFormMixin
from samhandling.core.identity import PersonalNumberField
from samhandling.defectors.models import DefectorCase, FirstContact, NeedsInvestigation, SupportItem, ThreatAssessment
from samhandling.defectors.services import looks_like_street_address
from samhandling.organisations.models import District

ADDRESS_ERROR = _(
    "This looks like a street address. Never write where the person lives or stays in free text: "
    "the address must not be stored here."
)


def _when(label, help_text=""):
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _no_address(value: str) -> str:
    if looks_like_street_address(value):
        raise forms.ValidationError(ADDRESS_ERROR)
    return value


class InterestForm(IdempotentFormMixin, forms.Form):
    received_at = _when(_("When the interest arrived"), _("The 24-hour clock starts at this time."))
    channel = forms.ChoiceField(label=_("Received through"), choices=DefectorCase.Channel.choices)
    district = forms.ModelChoiceField(
        label=_("District concerned"), queryset=District.objects.order_by("name"), empty_label=_("Choose a district")
    )
    personal_number = PersonalNumberField(label=_("Personal or coordination number (if known)"), required=False)
    first_name = forms.CharField(label=_("First name (if known)"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name (if known)"), max_length=100, required=False)
    note = forms.CharField(
        label=_("What was said"),
        help_text=_("Never write an address or where the person is staying."),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_note(self):
        return _no_address(self.cleaned_data["note"])


class FirstContactForm(IdempotentFormMixin, forms.Form):
    contacted_at = _when(_("When the contact was made"))
    method = forms.ChoiceField(label=_("How"), choices=FirstContact.Method.choices)
    motivation = forms.CharField(
        label=_("Motivation in the person's own words"),
        help_text=_("Why the person wants to leave, as they put it. Never write an address."),
        max_length=4_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_motivation(self):
        return _no_address(self.cleaned_data["motivation"])


class ThreatAssessmentForm(IdempotentFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    received_on = forms.DateField(label=_("Received"), widget=forms.DateInput(attrs={"type": "date"}))
    police_unit = forms.CharField(
        label=_("Police unit"), max_length=ThreatAssessment._meta.get_field("police_unit").max_length
    )
    level = forms.CharField(
        label=_("Threat level as the police gave it"),
        help_text=_("Write the police's own words. Samhandling never assesses the threat."),
        max_length=100,
    )
    bops_takes_part = forms.TypedChoiceField(
        label=_("Does BOPS take part?"),
        choices=[
            ("yes", _("Yes: the central defector unit is responsible")),
            ("no", _("No: the district's SIG is responsible")),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


def _date(label, required=True):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


class SupportItemForm(IdempotentFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Support"), choices=SupportItem.Kind.choices)
    provider = forms.CharField(
        label=_("Provider"),
        max_length=200,
        help_text=_("The organisation or unit, never an address. For housing elsewhere: the receiving municipality."),
    )
    starts_on = _date(_("Start"))
    ends_on = _date(_("End"), required=False)
    follow_up_on = _date(_("Follow-up"), required=False)
    goals = forms.CharField(
        label=_("The person's own goals"),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_goals(self):
        return _no_address(self.cleaned_data["goals"])

    def clean_provider(self):
        return _no_address(self.cleaned_data["provider"])

    def clean(self):
        data = super().clean()
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end cannot come before the start."))
        return data


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Why the contact ended"), choices=DefectorCase.CloseReason.choices)
    closed_on = _date(_("Ended on"))


class NeedsOpenForm(IdempotentFormMixin, forms.Form):
    opened_on = _date(_("Opened"))


class NeedsInvestigationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    own_views = forms.CharField(
        label=_("The person's own views, in their words"),
        help_text=_("What the person says they need and want. Never write an address."),
        max_length=4_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    needs_found = forms.CharField(
        label=_("Needs found"), max_length=4_000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("Not yet decided"))] + list(NeedsInvestigation.Decision.choices),
        required=False,
    )
    decided_on = _date(_("Decided on"), required=False)

    def clean_own_views(self) -> str:
        return _no_address(self.cleaned_data["own_views"])

    def clean_needs_found(self) -> str:
        return _no_address(self.cleaned_data["needs_found"])


class FollowUpForm(IdempotentFormMixin, forms.Form):
    due_on = _date(_("Follow-up on"))
    purpose = forms.CharField(label=_("What is followed up"), max_length=200)

    def clean_purpose(self) -> str:
        return _no_address(self.cleaned_data["purpose"])


class FollowUpDoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = _date(_("Done on"))
    outcome = forms.CharField(
        label=_("Outcome"), max_length=2_000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean_outcome(self) -> str:
        return _no_address(self.cleaned_data["outcome"])


class RelocationForm(IdempotentFormMixin, forms.Form):
    """A move to another municipality; the legal-basis choices are given by the view (collaboration's bases)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    moved_on = _date(_("Moved on"))
    municipality = forms.CharField(
        label=_("Receiving municipality"),
        max_length=100,
        help_text=_("Only the municipality, never an address."),
    )
    recipient = forms.CharField(
        label=_("The receiving municipality's contact"),
        max_length=200,
        help_text=_("The unit or role that took over the case, for example the social services' reception."),
    )
    legal_basis = forms.ModelChoiceField(
        label=_("Ground for the disclosure"), queryset=LegalBasis.objects.none(), empty_label=_("Choose a ground")
    )
    consent_given_on = _date(_("Consent given on (when the ground is consent)"), required=False)
    consent_method = forms.ChoiceField(
        label=_("How the consent was given"),
        choices=[("", "–")] + list(Consent.Method.choices),
        required=False,
    )
    confirmed = forms.BooleanField(label=_("The conditions of the ground are met"), required=False)
    info_kinds = forms.MultipleChoiceField(
        label=_("Kinds of information disclosed"), choices=InfoKind.choices, widget=forms.CheckboxSelectMultiple
    )
    disclosed = forms.CharField(
        label=_("What was disclosed"),
        help_text=_("Exactly what went to the receiving municipality. Never write an address."),
        max_length=8_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    own_view = forms.CharField(
        label=_("The young person's view of the move, in their words"),
        max_length=4_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, bases: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if bases is not None:
            field = self.fields["legal_basis"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = bases

    def clean_municipality(self) -> str:
        return _no_address(self.cleaned_data["municipality"])

    def clean_recipient(self) -> str:
        return _no_address(self.cleaned_data["recipient"])

    def clean_disclosed(self) -> str:
        return _no_address(self.cleaned_data["disclosed"])

    def clean_own_view(self) -> str:
        return _no_address(self.cleaned_data["own_view"])


class IdentityGrantForm(IdempotentFormMixin, forms.Form):
    """The team manager authorises a member of the holding team to see the protected identity."""

    user = forms.TypedChoiceField(label=_("Colleague"), coerce=int)
    reason = forms.CharField(
        max_length=2_000,
        label=_("Why does the colleague need to see the protected details?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    valid_to = _date(_("Valid to and including"))

    def __init__(self, *args: Any, colleagues: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "–")] + [(u.id, u.get_full_name() or u.username) for u in colleagues]


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Why do you need to see the name now?"), max_length=200)


class WithdrawGrantForm(forms.Form):
    reason = forms.CharField(label=_("Why is the authorisation withdrawn?"), max_length=500)
