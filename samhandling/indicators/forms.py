from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from samhandling.core.idempotency import IdempotentFormMixin
from samhandling.core.uploads import inspect_upload
from samhandling.indicators.importing import MAX_FILE_BYTES, FileProblem, _fmt, sniff_kind
from samhandling.indicators.models import Gender, Indicator, Level, Value
from samhandling.indicators.selectors import CITY_CHOICE, NEIGHBOURHOOD_PREFIX

RESERVED_CODES = {"ny", "karta", "import", "stadsdel", "oppna-data"}


class IndicatorForm(IdempotentFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "description",
            "kind",
            "unit",
            "multiplier",
            "numerator_label",
            "denominator_label",
            "source",
            "frequency",
            "direction",
            "priority_area",
            "factor",
            "on_city",
            "on_district",
            "on_neighbourhood",
            "gender_split",
            "min_value",
            "max_value",
            "small_number_threshold",
            "is_public",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code in RESERVED_CODES:
            raise forms.ValidationError(_("This code is reserved; choose another."))
        return code

    def clean(self):
        data = super().clean()
        if not (data.get("on_city") or data.get("on_district") or data.get("on_neighbourhood")):
            self.add_error("on_district", _("Choose at least one geographic level."))
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and high < low:
            self.add_error("max_value", _("The highest value must not be lower than the lowest."))
        return data


class ImportForm(IdempotentFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File with values (CSV or Excel .xlsx, at most 20 MB)"),
        help_text=_(
            "Columns: indikator, geografi, period, kön, värde, täljare, nämnare, status. "
            "Numbers may be written 12,5 or 1 234."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        content = upload.read()
        try:
            sniff_kind(content, upload.name)
        except FileProblem as exc:
            raise forms.ValidationError(str(exc)) from exc
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Only CSV and Excel (.xlsx) files can be imported."))
        from samhandling.indicators.services.imports import UPLOAD_LIMITS

        # Size, real type, zip contents, rows and columns: before anything parses the file.
        inspect_upload(content, upload.name, kinds=("text", "xlsx"), limits=UPLOAD_LIMITS)
        self.content = content
        return upload


class SeriesFilterForm(forms.Form):
    kon = forms.ChoiceField(label=_("Gender"), required=False)
    stadsdel = forms.ChoiceField(label=_("Highlight district"), required=False)

    def __init__(self, *args, indicator: Indicator, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kon"].choices = [(g, indicator.gender_label(g)) for g in indicator.genders]
        self.fields["stadsdel"].choices = [("", _("None"))] + [(d.code, d.name) for d in districts]


class MapForm(forms.Form):
    indikator = forms.ChoiceField(label=_("Indicator"))
    period = forms.ChoiceField(label=_("Period"), required=False)
    niva = forms.ChoiceField(
        label=_("Areas"),
        required=False,
        choices=[(Level.DISTRICT, _("Districts (13)")), (Level.NEIGHBOURHOOD, _("Neighbourhoods (117)"))],
    )
    kon = forms.ChoiceField(label=_("Gender"), required=False, choices=Gender.choices)

    def __init__(self, *args, indicators, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].choices = [(i.code, i.name) for i in indicators]
        self.fields["period"].choices = [(p, p) for p in reversed(periods)]


class CellChoiceForm(forms.Form):
    """Which figure to correct: area, period and gender (sent with GET)."""

    omrade = forms.ChoiceField(label=_("Area"))
    period = forms.ChoiceField(label=_("Period"))
    kon = forms.ChoiceField(label=_("Gender"))

    def __init__(self, *args, indicator: Indicator, periods: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        from samhandling.organisations.models import District, Neighbourhood

        areas = []
        if indicator.on_city:
            areas.append((CITY_CHOICE, _("Stockholm (the whole city)")))
        if indicator.on_district:
            areas += [(d.code, d.name) for d in District.objects.order_by("name")]
        if indicator.on_neighbourhood:
            areas += [
                (NEIGHBOURHOOD_PREFIX + n.code, f"{n.name} ({n.district.name})")
                for n in Neighbourhood.objects.select_related("district").order_by("name")
            ]
        self.fields["omrade"].choices = areas
        self.fields["period"].choices = [(p, p) for p in reversed(periods)]
        self.fields["kon"].choices = [(g, indicator.gender_label(g)) for g in indicator.genders]


class CorrectionForm(forms.Form):
    """A new figure for one value, with the reason; `version` is what the analyst saw (optimistic locking)."""

    value = forms.CharField(
        max_length=40,
        label=_("New value"),
        required=False,
        help_text=_(
            "Decimal comma or point, e.g. 12,5. For a rate it may be left empty when numerator and denominator are given."
        ),
    )
    numerator = forms.CharField(max_length=40, label=_("Numerator"), required=False)
    denominator = forms.CharField(max_length=40, label=_("Denominator"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Value.Status.choices)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=300,
        help_text=_("Saved as the value's source note; the earlier value and its note are kept in the history."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.CharField(max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator.kind == Indicator.Kind.COUNT:
            del self.fields["numerator"]
            del self.fields["denominator"]

    def _number(self, name: str):
        from samhandling.indicators.importing import parse_number

        raw = self.cleaned_data.get(name, "")
        try:
            number = parse_number(raw)
        except ValueError:
            raise forms.ValidationError(_("Write a number, e.g. 12,5 or 1 234.")) from None
        if number is not None and abs(number) > Decimal("9999999999"):
            raise forms.ValidationError(_("The number is too large."))
        if number is not None and name != "value" and number < 0:
            raise forms.ValidationError(_("It cannot be negative."))
        return number

    def clean_value(self):
        return self._number("value")

    def clean_numerator(self):
        return self._number("numerator")

    def clean_denominator(self):
        return self._number("denominator")

    def clean(self):
        data = super().clean()
        value, numerator, denominator = data.get("value"), data.get("numerator"), data.get("denominator")
        if numerator is not None and denominator is not None and numerator > denominator:
            self.add_error("numerator", _("The numerator cannot be larger than the denominator."))
            return data
        if value is None and self.indicator.kind == Indicator.Kind.RATE and numerator is not None and denominator:
            value = (numerator / denominator * self.indicator.multiplier).quantize(Decimal("0.0001"))
            data["value"] = value
        if value is None:
            if "value" not in self.errors:
                self.add_error("value", _("Give the new value."))
            return data
        low, high = self.indicator.min_value, self.indicator.max_value
        if (low is not None and value < low) or (high is not None and value > high):
            self.add_error(
                "value",
                _("The value must be within the indicator's range %(low)s–%(high)s.")
                % {"low": "" if low is None else _fmt(low), "high": "" if high is None else _fmt(high)},
            )
        data["value"] = value.quantize(Decimal("0.0001"))
        return data
