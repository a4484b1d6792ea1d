from django import forms
from django.utils.translation import gettext_lazy as _

from samhandling.indicators.importing import MAX_FILE_BYTES, FileProblem, sniff_kind
from samhandling.indicators.models import Gender, Indicator, Level

RESERVED_CODES = {"ny", "karta", "import", "stadsdel", "oppna-data"}


class IndicatorForm(forms.ModelForm):
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


class ImportForm(forms.Form):
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
