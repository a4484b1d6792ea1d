"""Forms of the places app: every new record carries a one-time token, every edit the version it started from."""

import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samhandling.accounts.models import User
from samhandling.organisations.models import Neighbourhood, PoliceArea
from samhandling.organisations.roles import Role
from samhandling.places.models import (
    AlertList,
    Collaboration,
    CrisisAction,
    CrisisEvent,
    FundApplication,
    FundCall,
    Investment,
    Measure,
    Meeting,
    Member,
    Observation,
    SafetyWalk,
    no_personal_data,
)
from samhandling.plans.models import Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MONEY = {"min_value": Decimal(0), "max_digits": 12, "decimal_places": 0}


class Tokened(forms.Form):
    """A one-time token per rendered form, so that a double submission saves once."""

    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", uuid.uuid4())


class Versioned(forms.Form):
    """The version the user saw, so that a later save by someone else is not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if not self.is_bound and instance is not None and instance.pk:
            self.initial["version"] = instance.version


class NoConstraints:
    def validate_constraints(self, exclude=None):
        pass  # the services decide (a double submission returns the first record)

    def validate_unique(self):
        pass


def _point_clean(form):
    data = form.cleaned_data
    lat, lon = data.get("latitude"), data.get("longitude")
    if (lat is None) != (lon is None):
        form.add_error("longitude" if lon is None else "latitude", _("Give both latitude and longitude, or neither."))
    elif lat is not None and not (
        Decimal("59.0") <= lat <= Decimal("59.6") and Decimal("17.6") <= lon <= Decimal("18.4")
    ):
        form.add_error("latitude", _("The point is outside Stockholm."))
    return data


POINT_HELP = _("Decimal degrees (WGS84), for example 59.3105 and 18.0225. Leave empty to use the neighbourhood.")


class PlaceForm(NoConstraints, Versioned, forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "kind", "neighbourhood", "description", "latitude", "longitude"]
        help_texts = {"latitude": POINT_HELP}

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods
        self.fields["description"].validators.append(no_personal_data)

    def clean(self):
        return _point_clean(self)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CollaborationForm(NoConstraints, Tokened, Versioned, forms.ModelForm):
    class Meta:
        model = Collaboration
        fields = ["title", "kind", "aim", "started_on", "indicators"]
        widgets = {
            "started_on": DATE,
            "aim": forms.Textarea(attrs={"rows": 4}),
            "indicators": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "indicators": _("Indicators of the district or neighbourhood to follow in the situation picture."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from samhandling.indicators.models import Indicator

        self.fields["indicators"].queryset = Indicator.objects.filter(
            Q(on_district=True) | Q(on_neighbourhood=True)
        ).order_by("name")
        self.fields["indicators"].required = False
        if self.instance.pk:
            del self.fields["started_on"]
        else:
            del self.fields["version"]
            del self.fields["indicators"]


def partner_accounts():
    """Accounts that can be a collaboration's contact: partners, police liaisons and district staff."""
    roles = [Role.PLACE_PARTNER, Role.POLICE_LIAISON, Role.FIELD_WORKER, Role.SCHOOL_STAFF, Role.SAFETY_COORDINATOR]
    return User.objects.filter(memberships__role__in=roles, memberships__is_active=True, is_active=True).distinct()


class AccountChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.get_username()} ({obj.get_username()})"


class MemberForm(NoConstraints, forms.ModelForm):
    prefix = "member"

    user = AccountChoice(
        queryset=User.objects.none(),
        required=False,
        label=_("Contact with an account (optional)"),
        help_text=_("The contact sees the collaboration and adds observations and measures."),
    )

    class Meta:
        model = Member
        fields = ["organisation", "org_kind", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = partner_accounts().order_by("username")


class ObservationForm(NoConstraints, Tokened, forms.ModelForm):
    prefix = "obs"

    class Meta:
        model = Observation
        fields = ["observed_on", "source", "text"]
        widgets = {"observed_on": DATE, "text": forms.Textarea(attrs={"rows": 3})}


class MeasureForm(NoConstraints, Tokened, Versioned, forms.ModelForm):
    prefix = "measure"

    class Meta:
        model = Measure
        fields = ["kind", "description", "responsible", "due_on", "status"]
        widgets = {"due_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"responsible": _("An organisation or a role, for example 'the police' or 'the centre owner'.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]


class MeetingForm(NoConstraints, Tokened, forms.ModelForm):
    prefix = "meeting"

    class Meta:
        model = Meeting
        fields = ["held_on", "present", "notes", "picture"]
        widgets = {"held_on": DATE, "notes": forms.Textarea(attrs={"rows": 4})}


class CloseForm(VersionForm):
    prefix = "close"

    # "Avslutad" (a collaboration is an en-word); cases say "Avslutat" of an ärende.
    closed_on = forms.DateField(label=pgettext_lazy("place collaboration", "Closed on"), widget=DATE)
    judgement = forms.CharField(
        label=_("The group's judgement that the picture has improved"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_personal_data],
    )
    basis = forms.MultipleChoiceField(
        label=_("What the judgement rests on"),
        choices=Collaboration.Basis.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose what the judgement rests on.")},
    )


class WalkForm(NoConstraints, Tokened, forms.ModelForm):
    prefix = "walk"

    route_text = forms.CharField(
        label=_("Route"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One point per line: latitude, longitude (for example 59.3102, 18.0220)."),
    )

    class Meta:
        model = SafetyWalk
        fields = ["walked_on", "walkers"]
        widgets = {"walked_on": DATE}

    def clean_route_text(self):
        from samhandling.places.services import parse_route

        return parse_route(self.cleaned_data["route_text"])


class FindingForm(Tokened):
    text = forms.CharField(
        label=_("Finding"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}), validators=[no_personal_data]
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG or PNG, at most 8 MB. Photograph the place, not people."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    photo_alt = forms.CharField(
        label=_("What the photo shows"), max_length=200, required=False, validators=[no_personal_data]
    )
    keep_location = forms.BooleanField(
        label=_("Keep the photo's location as the finding's point on the map"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("photo") and not (data.get("photo_alt") or "").strip():
            self.add_error("photo_alt", _("Describe what the photo shows."))
        if data.get("photo"):
            from samhandling.places.services.photos import clean_photo

            try:
                data["clean_photo"] = clean_photo(data["photo"], keep_location=data.get("keep_location", False))
            except ValidationError as e:
                self.add_error("photo", e)
        return data


class InvestmentForm(NoConstraints, Tokened, Versioned, forms.ModelForm):
    class Meta:
        model = Investment
        fields = [
            "year", "kind", "title", "place", "collaboration", "latitude", "longitude",
            "cost_estimate", "cost_outcome", "status", "outcome",
        ]  # fmt: skip
        widgets = {"outcome": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"latitude": POINT_HELP}

    def __init__(self, *args, places, collaborations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["collaboration"].queryset = collaborations
        for name in ("cost_estimate", "cost_outcome"):
            self.fields[name].min_value = 0
            self.fields[name].validators.append(_not_negative)
        if not self.instance.pk:
            del self.fields["version"]

    def clean(self):
        return _point_clean(self)


def _not_negative(value):
    if value is not None and value < 0:
        raise ValidationError(_("The amount cannot be negative."))


class FundCallForm(NoConstraints, Tokened, forms.ModelForm):
    class Meta:
        model = FundCall
        fields = ["name", "budget", "opens_on", "closes_on", "source"]
        widgets = {"opens_on": DATE, "closes_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].validators.append(_not_negative)


class ApplicationForm(NoConstraints, Tokened, Versioned, forms.ModelForm):
    class Meta:
        model = FundApplication
        fields = [
            "call", "applicant", "title", "kind", "purpose", "measures", "place", "collaboration",
            "amount", "co_financing", "camera_permit",
        ]  # fmt: skip
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}), "measures": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, calls, places, collaborations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = calls
        self.fields["place"].queryset = places
        self.fields["collaboration"].queryset = collaborations
        self.fields["amount"].validators.append(_positive)
        self.fields["co_financing"].validators.append(_not_negative)
        if self.instance.pk:
            del self.fields["call"]
        else:
            del self.fields["version"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == FundApplication.Kind.CAMERA and not (data.get("camera_permit") or "").strip():
            self.add_error(
                "camera_permit", _("Camera surveillance needs a permit: write the permit's reference number.")
            )
        return data


def _positive(value):
    if value is not None and value <= 0:
        raise ValidationError(_("The amount must be more than 0."))


class DecideForm(VersionForm):
    prefix = "decide"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    assessment = forms.CharField(
        label=_("Assessment against the criteria"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    granted_amount = forms.DecimalField(label=_("Granted amount (kr)"), required=False, **MONEY)
    conditions = forms.CharField(
        label=_("Conditions"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)


class PayForm(VersionForm):
    prefix = "pay"

    paid_amount = forms.DecimalField(label=_("Paid amount (kr)"), **MONEY)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)


class ReportForm(VersionForm):
    prefix = "report"

    report = forms.CharField(
        label=_("What was done"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_personal_data],
    )
    reported_on = forms.DateField(label=_("Reported on"), widget=DATE)


class EventForm(NoConstraints, Tokened, Versioned, forms.ModelForm):
    class Meta:
        model = CrisisEvent
        fields = ["kind", "occurred_at", "police_area", "place", "location", "latitude", "longitude", "known"]
        widgets = {"occurred_at": DATETIME, "known": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"latitude": POINT_HELP}

    def __init__(self, *args, district, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["police_area"].queryset = PoliceArea.objects.filter(districts=district)
        if not self.instance.pk:
            del self.fields["version"]

    def clean(self):
        return _point_clean(self)


class ActionForm(NoConstraints, Tokened, forms.ModelForm):
    prefix = "action"

    who = forms.MultipleChoiceField(
        label=_("Who took part"), choices=CrisisAction.Who.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = CrisisAction
        fields = ["at", "phase", "kind", "who", "text"]
        widgets = {"at": DATETIME, "text": forms.Textarea(attrs={"rows": 3})}


class AlertListForm(forms.ModelForm):
    class Meta:
        model = AlertList
        fields = ["addresses"]
        widgets = {"addresses": forms.Textarea(attrs={"rows": 4})}

    def clean_addresses(self):
        from django.core.validators import validate_email

        lines = [line.strip() for line in self.cleaned_data["addresses"].splitlines() if line.strip()]
        for line in lines:
            try:
                validate_email(line)
            except ValidationError:
                raise ValidationError(_("%(line)s is not an e-mail address.") % {"line": line}) from None
        return "\n".join(lines)


class MapFilterForm(forms.Form):
    district = forms.ModelChoiceField(
        queryset=None, required=False, label=_("District"), empty_label=_("The whole city")
    )
    year = forms.IntegerField(required=False, label=_("Year"), min_value=2000, max_value=2100)
    layer = forms.MultipleChoiceField(
        label=_("Show"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("places", _("Places")),
            ("collaborations", _("Collaborations")),
            ("investments", _("Safety investments")),
            ("applications", _("Fund applications")),
            ("events", _("Serious violent events")),
        ],
    )

    def __init__(self, *args, **kwargs):
        from samhandling.organisations.models import District

        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("name")


def neighbourhoods_in(districts):
    return Neighbourhood.objects.filter(district__in=districts).order_by("name")
