"""Forms for protected identity, emergency-access approval and review, and the full register extract."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samhandling.cases.models import EmergencyAccess


class ProtectionForm(forms.Form):
    protected = forms.TypedChoiceField(
        label=_("Protected identity"),
        choices=[
            ("yes", _("The person has protected identity")),
            ("no", _("The person does not have protected identity")),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason and source (for example the decision of the Tax Agency)"),
        help_text=_("At least 10 characters."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why is the authorisation withdrawn?"), max_length=500)


class ApprovalForm(forms.Form):
    access = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome of the review"), choices=EmergencyAccess.Outcome.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the access was not justified or is referred."),
    )


class FullExtractForm(forms.Form):
    personal_number = forms.CharField(
        label=_("The person's personal or coordination number"), max_length=13, help_text=_("YYYYMMDD-NNNN.")
    )
    request_reference = forms.CharField(
        label=_("Reference of the request (diary number)"),
        max_length=50,
        help_text=_("The request under article 15 that this extract answers."),
    )
