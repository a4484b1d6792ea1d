from django import forms
from django.utils.translation import gettext_lazy as _

from samhandling.catalogue import search
from samhandling.catalogue.labels import TARGET_GROUPS, target_group_label
from samhandling.catalogue.loader import FACT_KINDS
from samhandling.catalogue.models import Factor, Method, SubArea
from samhandling.catalogue.selectors import current_strategy, filter_choices
from samhandling.core.idempotency import IdempotentFormMixin
from samhandling.core.text import swedish_sorted
from samhandling.organisations.models import Committee, District

MAX_AGE = 100


class LinesField(forms.CharField):
    """A list of short texts, typed one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 4000)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        seen, out = set(), []
        for line in (text or "").splitlines():
            line = line.strip()
            if line and line.casefold() not in seen:
                seen.add(line.casefold())
                out.append(line)
        return out


def _district_choices():
    return [("", _("All districts"))] + [(d.code, d.name) for d in swedish_sorted(District.objects.all(), key=str)]


def _committee_choices():
    return [("", _("All committees"))] + [(c.code, c.name) for c in swedish_sorted(Committee.objects.all(), key=str)]


class MethodFilterForm(forms.Form):
    """The search box and filters of the catalogue page; all kept in the URL (GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    priority_area = forms.ChoiceField(label=_("Priority area"), required=False)
    prevention_level = forms.ChoiceField(label=_("Prevention level"), required=False)
    age = forms.IntegerField(
        label=_("Age"),
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        error_messages={"invalid": _("Write the age as a whole number of years, e.g. 13.")},
    )
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    district = forms.ChoiceField(label=_("Available in district"), required=False)
    evidence = forms.ChoiceField(
        label=_("Knowledge base"), required=False, choices=[("", _("All"))] + list(Method.Evidence.choices)
    )
    committee = forms.ChoiceField(label=_("Responsible committee"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = filter_choices()
        self.fields["priority_area"].choices = [("", _("All"))] + [
            (a.number, str(a)) for a in choices["priority_areas"]
        ]
        self.fields["prevention_level"].choices = [("", _("All"))] + [
            (lv, lv.capitalize()) for lv in choices["prevention_levels"]
        ]
        self.fields["target_group"].choices = [("", _("All"))] + [
            (g, target_group_label(g)) for g in choices["target_groups"]
        ]
        self.fields["district"].choices = _district_choices()
        self.fields["committee"].choices = _committee_choices()
        self.fields["age"].widget.attrs.update({"inputmode": "numeric"})

    def filters(self) -> dict:
        """The valid filters (a field with an error filters nothing and shows its message)."""
        data = getattr(self, "cleaned_data", {})
        return {k: v for k, v in data.items() if k != "q" and v not in (None, "")}


class FinderForm(forms.Form):
    """The guided finder: age, district and the factors the professional sees."""

    age = forms.IntegerField(
        label=_("Age"),
        min_value=0,
        max_value=MAX_AGE,
        error_messages={
            "required": _("Give the child's or young person's age."),
            "invalid": _("Write the age as a whole number of years, e.g. 13."),
        },
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    factors = forms.MultipleChoiceField(
        label=_("What you see (risk and protective factors)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("Not chosen"))] + _district_choices()[1:]
        self.fields["factors"].choices = [
            (f.code, f"{f.name} ({f.get_kind_display().lower()})")
            for f in swedish_sorted(Factor.objects.all(), key=lambda f: f.name)
        ]


class MethodForm(IdempotentFormMixin, forms.ModelForm):
    """Editing a method. Names and aliases must be unique across the catalogue."""

    aliases = LinesField(
        label=_("Other names and spellings"), required=False, help_text=_("One per line, e.g. BSFT or BFST.")
    )
    prevention_levels = forms.MultipleChoiceField(
        label=_("Prevention levels"), required=False, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        required=False,
        choices=[(k, v) for k, v in TARGET_GROUPS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    legal_grounds = LinesField(label=_("Legal grounds"), required=False, help_text=_("One per line, e.g. SoL."))
    partners = LinesField(label=_("Partners"), required=False, help_text=_("One per line."))
    sources = LinesField(label=_("Sources"), required=False, help_text=_("One per line."))
    age_min = forms.IntegerField(label=_("Lowest age"), required=False, min_value=0, max_value=MAX_AGE)
    age_max = forms.IntegerField(label=_("Highest age"), required=False, min_value=0, max_value=MAX_AGE)
    sub_areas = forms.ModelMultipleChoiceField(
        label=_("Sub-areas of the strategy"),
        queryset=SubArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    committees = forms.ModelMultipleChoiceField(
        label=_("Responsible committees"),
        queryset=Committee.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    available_in = forms.ModelMultipleChoiceField(
        label=_("Available in these districts"),
        queryset=District.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Unknown district: %(value)s. Choose among the city's 13 districts.")},
    )
    factors = forms.ModelMultipleChoiceField(
        label=_("Risk and protective factors it works on"),
        queryset=Factor.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    source_ages = forms.CharField(
        label=_("Source of the ages"),
        required=False,
        max_length=250,
        help_text=_("E.g. 001 §4.1.2 or the programme owner. Left empty, the current source is kept."),
    )
    source_target_groups = forms.CharField(label=_("Source of the target groups"), required=False, max_length=250)
    source_evidence = forms.CharField(label=_("Source of the knowledge base"), required=False, max_length=250)
    source_availability = forms.CharField(label=_("Source of the availability"), required=False, max_length=250)
    submission_token = forms.CharField(max_length=64, widget=forms.HiddenInput, required=False)

    # Each fact's source field, shown right after the fact.
    field_order = [
        "name",
        "abbreviation",
        "aliases",
        "description",
        "sub_areas",
        "prevention_levels",
        "prevention_type",
        "target_groups",
        "source_target_groups",
        "age_min",
        "age_max",
        "age_note",
        "source_ages",
        "access",
        "legal_grounds",
        "committees",
        "partners",
        "evidence",
        "evidence_note",
        "source_evidence",
        "availability_known",
        "available_in",
        "availability_district_count",
        "availability_note",
        "source_availability",
    ]

    class Meta:
        model = Method
        fields = [
            "name",
            "abbreviation",
            "aliases",
            "description",
            "sub_areas",
            "prevention_levels",
            "prevention_type",
            "target_groups",
            "age_min",
            "age_max",
            "age_note",
            "access",
            "legal_grounds",
            "committees",
            "partners",
            "evidence",
            "evidence_note",
            "availability_known",
            "available_in",
            "availability_district_count",
            "availability_note",
            "factors",
            "licensed_instrument",
            "instrument_users",
            "sources",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "evidence_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        strategy = current_strategy()
        self.fields["sub_areas"].queryset = SubArea.objects.filter(priority_area__strategy=strategy).select_related(
            "priority_area"
        )
        levels = filter_choices()["prevention_levels"] or ["främjande", "förebyggande", "åtgärdande"]
        self.fields["prevention_levels"].choices = [(lv, lv.capitalize()) for lv in levels]
        self.fields["committees"].queryset = Committee.objects.order_by("kind", "name")
        self.fields["name"].error_messages["unique"] = _("There is already a method with this name.")
        for kind in FACT_KINDS:
            self.fields[f"source_{kind}"].initial = (self.instance.fact_sources or {}).get(kind, "")

    def _taken_names(self) -> dict[str, str]:
        """Normalised name, abbreviation and aliases of every other method -> that method's name."""
        taken: dict[str, str] = {}
        others = Method.objects.exclude(pk=self.instance.pk) if self.instance.pk else Method.objects.all()
        for name, abbreviation, aliases in others.values_list("name", "abbreviation", "aliases"):
            for text in [name, abbreviation, *(aliases or [])]:
                key = search.normalise(text or "")
                if key:
                    taken.setdefault(key, name)
        return taken

    def clean(self):
        cleaned = super().clean()
        taken = self._taken_names()
        name = cleaned.get("name")
        if name and search.normalise(name) in taken:
            self.add_error(
                "name",
                _("“%(name)s” is already used by the method “%(other)s”.")
                % {
                    "name": name,
                    "other": taken[search.normalise(name)],
                },
            )
        abbreviation = cleaned.get("abbreviation")
        if abbreviation and search.normalise(abbreviation) in taken:
            self.add_error(
                "abbreviation",
                _("“%(name)s” is already used by the method “%(other)s”.")
                % {"name": abbreviation, "other": taken[search.normalise(abbreviation)]},
            )
        for alias in cleaned.get("aliases") or []:
            key = search.normalise(alias)
            if key in taken:
                self.add_error(
                    "aliases",
                    _("“%(name)s” is already used by the method “%(other)s”.") % {"name": alias, "other": taken[key]},
                )
        age_min, age_max = cleaned.get("age_min"), cleaned.get("age_max")
        if age_min is not None and age_max is not None and age_min > age_max:
            self.add_error("age_max", _("The highest age must not be lower than the lowest age."))
        return cleaned

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "submission_token" and not k.startswith("source_")}
        # A source left empty keeps the current one; the service notes an editor's change as the
        # source of a fact that changed without a new source.
        fact_sources = dict(self.instance.fact_sources or {})
        for kind in FACT_KINDS:
            given = (self.cleaned_data.get(f"source_{kind}") or "").strip()
            if given:
                fact_sources[kind] = given
        data["fact_sources"] = fact_sources
        for name in ("abbreviation", "age_note", "availability_note", "instrument_users", "evidence_note"):
            data[name] = data.get(name) or ""
        return data
