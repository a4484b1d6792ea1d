"""Forms: every text limited as in the model; hidden version (edits) and form token (creates)."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from samhandling.indicators.models import Indicator
from samhandling.results.models import ActivityLogic, Goal, GoalTarget, ReportText, SteeringDocument


class _Tracked(forms.ModelForm):
    """Adds the hidden version (edit) or form token (create) the services check."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("version", getattr(self.instance, "version", 0) or 0)
            self.initial.setdefault("form_token", uuid.uuid4())

    def model_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}


class DocumentForm(forms.ModelForm):
    class Meta:
        model = SteeringDocument
        fields = ["code", "title", "kind", "committee", "source", "valid_from", "valid_to", "order"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
        }


class GoalForm(_Tracked):
    class Meta:
        model = Goal
        fields = [
            "document",
            "parent",
            "number",
            "title",
            "description",
            "priority_area",
            "source",
            "valid_from",
            "order",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        parent, document = data.get("parent"), data.get("document")
        if parent and document and parent.document_id != document.pk:
            self.add_error("parent", _("The goal above must belong to the same steering document."))
        if parent and self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", _("A goal cannot be under itself."))
        return data


class TargetForm(_Tracked):
    class Meta:
        model = GoalTarget
        fields = [
            "indicator",
            "district",
            "gender",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
            "source",
            "valid_from",
            "note",
        ]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.order_by("name")
        for name in ("baseline_year", "target_year"):
            self.fields[name].widget.attrs.update({"min": 2000, "max": 2100})

    def clean(self):
        data = super().clean()
        indicator, district = data.get("indicator"), data.get("district")
        by, ty = data.get("baseline_year"), data.get("target_year")
        if by and ty and ty <= by:
            self.add_error("target_year", _("The target year must come after the baseline year."))
        for name in ("baseline_year", "target_year"):
            if data.get(name) and not 2000 <= data[name] <= 2100:
                self.add_error(name, _("Give a year between 2000 and 2100."))
        if indicator and district and not indicator.on_district:
            self.add_error("district", _("This indicator has no figures by district: leave the district empty."))
        if indicator and not district and not indicator.on_city:
            self.add_error("district", _("This indicator has no figure for the whole city: choose a district."))
        if indicator and data.get("gender") and data["gender"] not in indicator.genders:
            self.add_error("gender", _("This indicator has no figures by gender."))
        return data


class ActivityLogicForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    short_term = forms.CharField(
        label=_("Expected short-term outcome (within the year)"),
        max_length=ActivityLogic._meta.get_field("short_term").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Something that can be seen within the year: reached, attended, completed."),
    )
    expected_reached = forms.IntegerField(
        label=_("Expected number reached in the year"), min_value=0, max_value=1_000_000, required=False
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals the activity counts for"),
        queryset=Goal.objects.select_related("document").order_by("document__order", "order", "number"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("An activity can count for goals of several steering documents: it is still reported once."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].label_from_instance = lambda g: f"{g.document.title}: {g}"


class ReportTextForm(_Tracked):
    class Meta:
        model = ReportText
        fields = list(ReportText.FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ("preparation", "summary", "background", "gender", "child_rights", "views")
        }
