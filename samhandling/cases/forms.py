import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samhandling.cases.identity import normalise_personal_number
from samhandling.cases.models import (
    Case,
    ChildViews,
    ConcernReport,
    EmergencyReason,
    FactorAssessment,
    InitialAssessment,
    InstrumentUse,
    InterventionDecision,
    ReporterFeedback,
)
from samhandling.catalogue.models import Method
from samhandling.core.idempotency import IdempotentFormMixin
from samhandling.core.identity import PersonalNumberField
from samhandling.organisations.models import District


def _date(**kwargs):
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


class ConcernReportForm(IdempotentFormMixin, forms.Form):
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    reporter_kind = forms.ChoiceField(label=_("You report as"), choices=ConcernReport.ReporterKind.choices)
    reporter_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    reporter_organisation = forms.CharField(
        label=_("Your workplace (school, preschool, unit)"), max_length=150, required=False
    )
    reporter_email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_("We send a receipt here that the report has arrived."),
    )
    reporter_phone = forms.CharField(label=_("Your telephone number"), max_length=40, required=False)
    anonymous = forms.BooleanField(label=_("I want to be anonymous (only for members of the public)"), required=False)
    child_personal_number = PersonalNumberField(
        label=_("The child's personal number"),
        required=False,
        help_text=_("YYYYMMDD-NNNN. Leave empty if you do not know it."),
    )
    child_first_name = forms.CharField(label=_("The child's first name"), max_length=100, required=False)
    child_last_name = forms.CharField(label=_("The child's last name"), max_length=100, required=False)
    district = forms.ModelChoiceField(
        label=_("District where the child lives"), queryset=District.objects.order_by("name")
    )
    description = forms.CharField(
        label=_("What are you worried about?"),
        # Long enough for any real report; a limit keeps a pasted document or a flood out.
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe what you have seen or heard, and when."),
    )

    def __init__(self, *args, duty_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
        if duty_only:
            self.fields["reporter_kind"].choices = [
                c for c in ConcernReport.ReporterKind.choices if c[0] in ConcernReport.DUTY_TO_REPORT
            ]
            del self.fields["anonymous"]

    def clean_child_personal_number(self):
        value = self.cleaned_data["child_personal_number"].strip()
        if value:
            normalise_personal_number(value)
        return value

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("reporter_kind")
        if cleaned.get("anonymous") and kind and kind != ConcernReport.ReporterKind.PUBLIC:
            self.add_error("anonymous", _("Only members of the public can report anonymously."))
        if kind in ConcernReport.DUTY_TO_REPORT and not cleaned.get("reporter_name"):
            self.add_error("reporter_name", _("Reporters with a duty to report give their name."))
        if not cleaned.get("child_personal_number") and not (
            cleaned.get("child_first_name") or cleaned.get("child_last_name")
        ):
            self.add_error("child_first_name", _("Give the child's personal number or name."))
        return cleaned


class ProtectionAssessmentForm(IdempotentFormMixin, forms.Form):
    immediate_protection_needed = forms.TypedChoiceField(
        label=_("Does the child need immediate protection?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(max_length=10_000, label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 4}))


class InitialAssessmentForm(IdempotentFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=InitialAssessment.Decision.choices, widget=forms.RadioSelect
    )
    decided_on = _date(label=_("Decided on"))
    reasons = forms.CharField(
        max_length=10_000, label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    exceptional_reasons = forms.CharField(
        max_length=4_000,
        label=_("Exceptional reasons for the longer time"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Only when the decision is made after the statutory time limit."),
    )


class ExtensionForm(IdempotentFormMixin, forms.Form):
    new_due_on = _date(label=_("New deadline"))
    reasons = forms.CharField(
        max_length=4_000, label=_("Reasons for the extension"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CompleteForm(IdempotentFormMixin, forms.Form):
    completed_on = _date(label=_("Completed on"))


class ChildViewsForm(IdempotentFormMixin, forms.ModelForm):
    class Meta:
        model = ChildViews
        fields = ["whose", "recorded_on", "how", "views"]
        widgets = {"recorded_on": forms.DateInput(attrs={"type": "date"}), "views": forms.Textarea(attrs={"rows": 5})}


class FactorAssessmentForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = FactorAssessment
        fields = ["status", "source", "assessed_on", "comment"]
        widgets = {
            "status": forms.RadioSelect,
            "assessed_on": forms.DateInput(attrs={"type": "date"}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }


class InstrumentUseForm(IdempotentFormMixin, forms.ModelForm):
    class Meta:
        model = InstrumentUse
        fields = ["method", "used_on", "overall_judgement"]
        widgets = {"used_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = Method.objects.filter(licensed_instrument=True)


class InterventionForm(IdempotentFormMixin, forms.ModelForm):
    class Meta:
        model = InterventionDecision
        fields = ["method", "provider", "basis", "decided_on", "start_on", "end_on", "follow_up_on"]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"})
            for name in ["decided_on", "start_on", "end_on", "follow_up_on"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = Method.objects.filter(licensed_instrument=False).order_by("name")


class FollowUpForm(IdempotentFormMixin, forms.Form):
    followed_up_on = _date(label=_("Date"))
    notes = forms.CharField(
        max_length=10_000, label=_("What the follow-up showed"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PoliceRequestForm(IdempotentFormMixin, forms.Form):
    requested_on = _date(label=_("Requested on"))
    request = forms.CharField(max_length=8_000, label=_("Request"), widget=forms.Textarea(attrs={"rows": 3}))


class PoliceAnswerForm(IdempotentFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    answered_on = _date(label=_("Answered on"))
    answer = forms.CharField(max_length=8_000, label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))


class ReporterConfirmForm(IdempotentFormMixin, forms.Form):
    note = forms.CharField(
        label=_("How was the reporter confirmed?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: called back through the police's switchboard and spoke to the reporter."),
    )


class FeedbackForm(IdempotentFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("What the reporter was told"), choices=ReporterFeedback.Outcome.choices, widget=forms.RadioSelect
    )


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Why do you need to see the protected details?"), max_length=200)


class EmergencyAccessForm(IdempotentFormMixin, forms.Form):
    case_number = forms.IntegerField(label=_("Case number"), min_value=1)
    reason_code = forms.ModelChoiceField(label=_("Reason"), queryset=EmergencyReason.objects.none(), empty_label="–")
    reason = forms.CharField(
        label=_("Describe the need"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("What happened, and why it cannot wait for the case's own unit."),
    )
    hours = forms.IntegerField(label=_("For how many hours (1–8)?"), min_value=1, max_value=8, initial=2)

    def __init__(self, *args, reasons=None, min_length=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reasons is not None:
            self.fields["reason_code"].queryset = reasons
        self.min_length = min_length or 0
        if min_length:
            self.fields["reason"].help_text = _(
                "What happened, and why it cannot wait for the case's own unit. At least %(n)d characters."
            ) % {"n": min_length}

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < self.min_length:
            raise ValidationError(_("Describe the need in at least %(n)d characters.") % {"n": self.min_length})
        return reason


class ConsultationForm(IdempotentFormMixin, forms.Form):
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.order_by("name"))
    question = forms.CharField(
        max_length=8_000,
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Do not write the child's name or personal number."),
    )


class AdviceForm(IdempotentFormMixin, forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    advice = forms.CharField(max_length=8_000, label=_("Advice given"), widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(forms.Form):
    case = forms.IntegerField(widget=forms.HiddenInput)
    assignee = forms.IntegerField(label=_("Social worker"))


def validate_not_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("The date must not be in the future."))


class PersonForm(forms.Form):
    """A person's details; the version guards against overwriting someone else's save."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    personal_number = PersonalNumberField(
        label=_("Personal or coordination number"),
        required=False,
        help_text=_("YYYYMMDD-NNNN. Leave empty if it is not known."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_not_future],
        help_text=_("Taken from the personal number when there is one."),
    )

    def clean_personal_number(self):
        value = self.cleaned_data["personal_number"].strip()
        if value:
            normalise_personal_number(value)
        return value


class GuardianForm(IdempotentFormMixin, forms.Form):
    personal_number = PersonalNumberField(
        label=_("The guardian's personal number"),
        required=False,
        help_text=_("YYYYMMDD-NNNN. Leave empty if it is not known, and give the name."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    address = forms.CharField(label=_("Address"), max_length=250, required=False)

    def clean_personal_number(self):
        value = self.cleaned_data["personal_number"].strip()
        if value:
            normalise_personal_number(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("personal_number") and not (cleaned.get("first_name") or cleaned.get("last_name")):
            if "personal_number" not in self.errors:
                self.add_error("first_name", _("Give the guardian's personal number or name."))
        return cleaned


class IdentityGrantForm(IdempotentFormMixin, forms.Form):
    user = forms.TypedChoiceField(label=_("Colleague"), coerce=int)
    reason = forms.CharField(
        max_length=2_000,
        label=_("Why does the colleague need to see the protected details?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    valid_to = forms.DateField(
        label=_("Valid to and including"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most one year from today."),
    )

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "–")] + [(u.id, u.get_full_name() or u.username) for u in colleagues]


class CaseCloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=[("", "–")] + list(Case.CloseReason.choices))
    closed_on = _date(label=pgettext_lazy("case", "Closed on"), validators=[validate_not_future])
    note = forms.CharField(
        label=_("Comment"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the reason is “other”. At most 500 characters."),
    )


class CaseReopenForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(
        label=_("Why is the case reopened?"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At least 10 and at most 500 characters."),
    )


class InterventionCloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    closed_on = _date(label=_("Ended on"), validators=[validate_not_future])
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=InterventionDecision.Outcome.choices, widget=forms.RadioSelect
    )
    outcome_note = forms.CharField(
        label=_("What the intervention led to"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 1,000 characters."),
    )
