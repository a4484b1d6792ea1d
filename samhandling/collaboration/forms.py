import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from samhandling.cases.access import display_name
from samhandling.collaboration.models import (
    Consent,
    Disclosure,
    Forum,
    ForumKind,
    ForumMember,
    InfoKind,
    LegalBasis,
    Party,
)
from samhandling.organisations.models import Agency, PoliceArea, Unit


def _date(**kwargs):
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def _text(label, max_length, rows=4, required=False, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class TokenForm(forms.Form):
    """A form whose POST creates something: the hidden token makes a double click create it once."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())


class ForumStartForm(TokenForm):
    kind = forms.ChoiceField(label=_("Kind of forum"), choices=ForumKind.choices)
    case = forms.ModelChoiceField(label=_("The child's case"), queryset=None)
    requested_by = forms.CharField(
        label=_("Who asked for it (e.g. the school)"),
        max_length=200,
        required=False,
        help_text=_("An organisation or role, not a name."),
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: (
            _("Case %(id)s (%(name)s)")
            % {
                "id": c.id,
                "name": display_name(c.person),
            }
        )


class MemberForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("A unit of the city"), queryset=Unit.objects.none(), required=False)
    agency = forms.ModelChoiceField(label=_("Or an agency"), queryset=Agency.objects.order_by("name"), required=False)
    police_area = forms.ModelChoiceField(
        label=_("Local police area (police only)"), queryset=PoliceArea.objects.order_by("name"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.select_related("administration").exclude(
            kind__in=[Unit.Kind.ANALYSIS, Unit.Kind.MANAGEMENT]
        )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("unit")) == bool(cleaned.get("agency")):
            self.add_error("unit", _("Choose either a unit of the city or an agency."))
        return cleaned


class ConsentForm(TokenForm):
    given_by = forms.TypedChoiceField(label=_("Who gives the consent"), coerce=int)
    given_on = _date(label=_("Given on"))
    method = forms.ChoiceField(label=_("How"), choices=Consent.Method.choices)
    parties = forms.MultipleChoiceField(
        label=_("To which parties may information be given"), widget=forms.CheckboxSelectMultiple
    )
    info_kinds = forms.MultipleChoiceField(
        label=_("Which information"), choices=InfoKind.choices, widget=forms.CheckboxSelectMultiple
    )
    valid_to = _date(label=_("Valid until and including"))

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        person = forum.person
        people = [(person.id, _("%(name)s (the young person)") % {"name": display_name(person)})]
        people += [
            (g.id, _("%(name)s (guardian)") % {"name": display_name(g)}) for g in person.guardians.order_by("id")
        ]
        self.fields["given_by"].choices = people
        self.fields["parties"].choices = [(p, label) for p, label in Party.choices if p in forum.rule.parties]


class MemberRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the member removed?"),
        max_length=300,
        help_text=_("E.g. the young person changed school. The member's people lose access at once."),
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("How was the consent withdrawn?"), max_length=300, help_text=_("E.g. by telephone to the coordinator.")
    )


class ActivateForm(forms.Form):
    legal_basis = forms.ModelChoiceField(
        label=_("Legal basis (instead of consent)"), queryset=LegalBasis.objects.none(), required=False
    )
    confirm = forms.BooleanField(
        label=_("I have checked that the conditions of the legal basis are met"), required=False
    )

    def __init__(self, *args, bases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_basis"].queryset = bases


class MeetingCreateForm(TokenForm):
    starts_at = forms.DateTimeField(label=_("Time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class MeetingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # One token per opened page: ties the page's drafts to its final save.
    editor = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Who took part"),
        queryset=ForumMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    young_person_present = forms.BooleanField(label=_("The young person took part"), required=False)
    guardians_present = forms.BooleanField(label=_("Guardians took part"), required=False)
    young_person_views = _text(_("The young person's own views"), 4000)
    guardian_views = _text(_("The guardians' views"), 4000)
    decisions = _text(_("Decisions"), 4000)
    held = forms.BooleanField(label=_("The meeting has been held"), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    goals = _text(_("Goals in the young person's own words"), 4000, rows=5)


class ActionForm(TokenForm):
    what = forms.CharField(label=_("What"), max_length=500)
    owner = forms.ModelChoiceField(label=_("Who"), queryset=ForumMember.objects.none())
    due_on = _date(label=_("By when"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members


class ActionFollowUpForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    done_on = _date(label=_("Done on"), required=False)
    follow_up = _text(_("Follow-up"), 1000, rows=3)


class DisclosureForm(TokenForm):
    recipients = forms.ModelMultipleChoiceField(
        label=_("To whom"), queryset=ForumMember.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    what = forms.ChoiceField(label=_("What is shared"), choices=Disclosure.What.choices)
    info_kind = forms.ChoiceField(label=_("Kind of information"), choices=InfoKind.choices)
    content = _text(
        _("The information shared"),
        8000,
        rows=6,
        required=True,
        help_text=_("The recipients see exactly this text and nothing else."),
    )
    legal_basis = forms.ModelChoiceField(label=_("Ground"), queryset=LegalBasis.objects.none())
    confirm = forms.BooleanField(label=_("I have checked that the conditions of the ground are met"), required=False)

    def __init__(self, *args, members, bases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = members
        self.fields["legal_basis"].queryset = bases
        self.fields["legal_basis"].label_from_instance = lambda b: f"{b.section} {b.act}: {b.title}"


class EndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.ChoiceField(label=_("Why does the forum end?"), choices=Forum.EndReason.choices)


class RegisterFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    party = forms.ChoiceField(label=_("Recipient"), choices=[("", _("All"))] + list(Party.choices), required=False)
    legal_basis = forms.ModelChoiceField(
        label=_("Ground"), queryset=LegalBasis.objects.all(), required=False, empty_label=_("All")
    )
    withdrawn = forms.BooleanField(label=_("Only those resting on a consent since withdrawn"), required=False)
