import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samhandling.catalogue.models import Factor, Method, PriorityArea, SubArea
from samhandling.core.idempotency import IdempotentFormMixin
from samhandling.indicators.models import Indicator
from samhandling.organisations.models import Agency, District, Neighbourhood, Unit
from samhandling.plans.models import (
    Activity,
    Cause,
    FollowUp,
    Period,
    Place,
    PreventionType,
    Problem,
    SituationSection,
    SourceKind,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TokenMixin(IdempotentFormMixin, forms.Form):
    """A one-time token per rendered form, so that a double submission saves once."""

    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", uuid.uuid4())


class EditVersionMixin(forms.Form):
    """The edit_version the form was opened with; saving from an older one is an edit conflict, not an overwrite."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    # False where a form opened before the record existed posts no version (0: "I saw none").
    version_required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if not self.is_bound and instance is not None:
            self.initial["edit_version"] = instance.edit_version if instance.pk else 0

    def clean(self):
        data = super().clean()
        instance = getattr(self, "instance", None)
        missing = data.get("edit_version") is None and "edit_version" not in self.errors
        if missing and self.version_required and (instance is None or instance.pk):
            raise ValidationError(_("The form is out of date. Open it again and make your change."))
        return data


class PlanCreateForm(IdempotentFormMixin, forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(
        max_length=4_000, label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class PlanForm(EditVersionMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(
        max_length=4_000, label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


def _neighbourhoods_for(plan):
    hoods = Neighbourhood.objects.select_related("district")
    if plan.committee.district_id:
        return hoods.filter(district_id=plan.committee.district_id)
    return hoods


def _places_for(plan, instance=None):
    # An archived place is no longer offered, but a link the part already has is kept when it is saved again.
    places = Place.objects.select_related("neighbourhood")
    if plan.committee.district_id:
        places = places.filter(neighbourhood__district_id=plan.committee.district_id)
    linked = instance.places.values("pk") if instance is not None and instance.pk else Place.objects.none().values("pk")
    return places.filter(Q(archived_at__isnull=True) | Q(pk__in=linked))


class PlaceForm(IdempotentFormMixin, forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "kind", "neighbourhood", "description"]
        error_messages = {
            "name": {"required": _("Write the name of the place.")},
            "neighbourhood": {"required": _("Choose the neighbourhood the place is in.")},
        }
        help_texts = {"name": _("For example Liljeholmstorget, Trekantsparken or Västertorpsskolans skolgård.")}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = _neighbourhoods_for(plan)

    def validate_constraints(self):
        # A place already there under the name is not an error: services.place_create returns it,
        # so a double submission (or two planners adding the same square) ends in one place.
        pass


class SituationSectionForm(TokenMixin, EditVersionMixin, forms.ModelForm):
    sources = forms.MultipleChoiceField(
        label=_("Sources"), choices=SourceKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = SituationSection
        fields = [
            "theme",
            "text",
            "sources",
            "source_note",
            "as_of",
            "author",
            "neighbourhoods",
            "places",
            "place_note",
            "show_indicators",
            "indicators",
            "indicator_district",
        ]
        widgets = {
            "as_of": DATE_WIDGET,
            "text": forms.Textarea(attrs={"rows": 6}),
            "places": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
        }
        error_messages = {"theme": {"required": _("Write the theme of the section.")}}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = _neighbourhoods_for(plan)
        self.fields["neighbourhoods"].required = False
        self.fields["places"].queryset = _places_for(plan, self.instance)
        self.fields["places"].required = False
        self.fields["indicators"].queryset = Indicator.objects.filter(on_district=True).order_by("name")
        self.fields["indicators"].required = False
        self.fields["indicators"].help_text = _(
            "Each chosen indicator is shown as a line chart over time, the district against the whole city, "
            "with a table of the same figures."
        )
        self.fields["indicator_district"].queryset = District.objects.order_by("name")


class ProblemForm(TokenMixin, EditVersionMixin, forms.ModelForm):
    class Meta:
        model = Problem
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class CauseForm(TokenMixin, EditVersionMixin, forms.ModelForm):
    class Meta:
        model = Cause
        fields = ["description", "factors"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "factors": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factors"].queryset = Factor.objects.order_by("kind", "name")
        self.fields["factors"].required = False


class ActivityForm(TokenMixin, EditVersionMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "priority_area",
            "sub_area",
            "methods",
            "is_local_activity",
            "prevention_type",
            "target_group",
            "age_min",
            "age_max",
            "neighbourhoods",
            "places",
            "place_note",
            "responsible_unit",
            "partners",
            "other_partners",
            "start_date",
            "end_date",
            "term",
            "problem",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "places": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["priority_area"].queryset = PriorityArea.objects.filter(strategy=plan.strategy)
        self.fields["sub_area"].queryset = SubArea.objects.filter(priority_area__strategy=plan.strategy)
        self.fields["methods"].queryset = Method.objects.order_by("name")
        self.fields["methods"].required = False
        self.fields["neighbourhoods"].queryset = _neighbourhoods_for(plan)
        self.fields["neighbourhoods"].required = False
        self.fields["places"].queryset = _places_for(plan, self.instance)
        self.fields["places"].required = False
        self.fields["responsible_unit"].queryset = Unit.objects.filter(administration__committee=plan.committee)
        self.fields["partners"].queryset = Agency.objects.all()
        self.fields["partners"].required = False
        self.fields["problem"].queryset = Problem.objects.filter(plan=plan)

    def clean(self):
        data = super().clean()
        area, sub = data.get("priority_area"), data.get("sub_area")
        if area and sub and sub.priority_area_id != area.pk:
            self.add_error("sub_area", _("The sub-area does not belong to the chosen priority area."))
        if not data.get("methods") and not data.get("is_local_activity"):
            self.add_error(
                "methods", _("Choose at least one method from the catalogue, or mark it as a local activity.")
            )
        lo, hi = data.get("age_min"), data.get("age_max")
        if lo is not None and hi is not None and hi < lo:
            self.add_error("age_max", _("The highest age cannot be lower than the lowest age."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end cannot be before the start."))
        return data


class ApproveForm(forms.Form):
    decision_date = forms.DateField(label=_("Date of the committee's decision"), widget=DATE_WIDGET)
    decision_reference = forms.CharField(
        label=_("Reference number of the decision"), max_length=60, help_text=_("For example SDN 2024/123")
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        max_length=2_000, label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 3})
    )


class NewVersionForm(IdempotentFormMixin, forms.Form):
    change_note = forms.CharField(
        max_length=2_000, label=_("Why the plan changes"), widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(EditVersionMixin, forms.ModelForm):
    version_required = False  # the service compares with the saved answer's version (0 when there was none)

    class Meta:
        model = FollowUp
        fields = [
            "status",
            "done",
            "reached_girls",
            "reached_boys",
            "reached_women",
            "reached_men",
            "reached_unspecified",
            "effect",
            "effect_basis",
            "obstacles",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in ("done", "effect", "effect_basis", "obstacles")}

    def clean(self):
        data = super().clean()
        if data.get("effect") and not data.get("effect_basis"):
            self.add_error(
                "effect_basis", _("Say what the effect rests on (for example a survey, counts or observations).")
            )
        if data.get("status") == "done" and not data.get("done"):
            self.add_error("done", _("Describe what was done."))
        return data


class SurveyRoundForm(IdempotentFormMixin, forms.Form):
    deadline = forms.DateField(
        label=_("Deadline for the survey"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Give the date by which the administrations should answer.")},
    )


class RoundForm(IdempotentFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_WIDGET)


REPORT_SECTIONS = [
    ("summary", _("Summary")),
    ("background", _("Background")),
    ("work_intro", _("The work by priority area: introduction")),
    ("gender_analysis", _("Gender analysis")),
    ("child_rights", _("Child-rights perspective")),
    ("views", _("The administration's views and proposals")),
]


class EffectsReportForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in REPORT_SECTIONS:
            self.fields[key] = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 6}))


SURVEY_QUESTIONS = [
    ("results", _("What results do you see from the work in this area?")),
    ("consequences", _("What practical consequences has the local plan had?")),
    ("examples", _("Examples that illustrate the work")),
]


class SurveyForm(forms.Form):
    views = forms.CharField(
        max_length=8_000,
        label=_("The administration's views and proposals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        for area in self.areas:
            for key, label in SURVEY_QUESTIONS:
                self.fields[f"{area.number}-{key}"] = forms.CharField(
                    label=f"{area.number} {area.name}: {label}",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def answers(self) -> dict:
        return {
            area.number: {key: self.cleaned_data.get(f"{area.number}-{key}", "") for key, _label in SURVEY_QUESTIONS}
            for area in self.areas
        }

    def initial_from(self, response):
        for number, values in (response.answers or {}).items():
            for key, value in values.items():
                self.initial[f"{number}-{key}"] = value
        self.initial["views"] = response.views


class ImportUploadForm(IdempotentFormMixin, forms.Form):
    document = forms.FileField(
        label=_("Plan document"),
        help_text=_("A Word file (.docx), a text file (.txt) or Markdown (.md), at most 5 MB."),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_document(self):
        doc = self.cleaned_data["document"]
        name = doc.name.lower()
        if not name.endswith((".docx", ".txt", ".md")):
            raise ValidationError(_("The file must be a Word file (.docx), a text file (.txt) or Markdown (.md)."))
        if doc.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        return doc


class ImportRowForm(forms.Form):
    # Shown beside the row on the confirm page: where the document had it, and whether no method fitted.
    found_where: str = ""
    suggested_local: bool = False

    include = forms.BooleanField(label=_("Import this activity"), required=False, initial=True)
    title = forms.CharField(label=_("Title"), max_length=250)
    description = forms.CharField(
        max_length=8_000, label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    priority_area = forms.ModelChoiceField(label=_("Priority area"), queryset=None, required=False)
    sub_area = forms.ModelChoiceField(label=_("Sub-area"), queryset=None, required=False)
    prevention_type = forms.ChoiceField(label=_("Prevention type"), choices=PreventionType.choices)
    methods = forms.ModelMultipleChoiceField(label=_("Methods from the catalogue"), queryset=None, required=False)
    is_local_activity = forms.BooleanField(label=_("Local activity (not in the catalogue)"), required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority_area"].queryset = PriorityArea.objects.filter(strategy=plan.strategy)
        self.fields["sub_area"].queryset = SubArea.objects.filter(priority_area__strategy=plan.strategy)
        self.fields["methods"].queryset = Method.objects.order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("include"):
            return data
        if not data.get("priority_area"):
            self.add_error("priority_area", _("Choose the priority area."))
        area, sub = data.get("priority_area"), data.get("sub_area")
        if area and sub and sub.priority_area_id != area.pk:
            self.add_error("sub_area", _("The sub-area does not belong to the chosen priority area."))
        if not data.get("methods") and not data.get("is_local_activity"):
            self.add_error(
                "methods", _("Choose at least one method from the catalogue, or mark it as a local activity.")
            )
        return data
