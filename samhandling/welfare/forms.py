from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samhandling.organisations.models import Administration
from samhandling.organisations.roles import Role
from samhandling.welfare.importing.reading import MAX_FILE_BYTES, FileProblem, check_size
from samhandling.welfare.importing.values import CellError, org_number
from samhandling.welfare.models import CheckItem, Flag, ImportBatch, IntegrityCheck, Service


class SupplierForm(forms.Form):
    org_number = forms.CharField(label=_("Organisation number"), max_length=13, help_text=_("For example 556036-0793."))
    name = forms.CharField(label=_("Name"), max_length=200)
    legal_form = forms.CharField(label=_("Legal form"), max_length=100, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_org_number(self):
        try:
            return org_number(self.cleaned_data["org_number"])
        except CellError as exc:
            raise forms.ValidationError(str(exc).capitalize() + ".") from exc


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportBatch.Kind.choices)
    file = forms.FileField(
        label=_("File (CSV, Excel .xlsx or JSON, at most 100 MB)"),
        help_text=_(
            "The column format of each kind is described below. Every row is checked before anything is saved."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 100 MB."))
        content = upload.read()
        try:
            check_size(content)
        except FileProblem as exc:
            raise forms.ValidationError(str(exc)) from exc
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".json", ".jsonl", ".ftm")):
            raise forms.ValidationError(_("Only CSV, Excel (.xlsx) and JSON files can be imported."))
        self.content = content
        return upload


class CheckCreateForm(forms.Form):
    procurement = forms.CharField(label=_("Procurement, contract or milestone"), max_length=200)
    administration = forms.ModelChoiceField(
        label=pgettext_lazy("city administration", "Administration"),
        queryset=Administration.objects.order_by("name"),
        required=False,
    )


class CheckDecideForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=IntegrityCheck.Result.choices)
    reasons = forms.CharField(label=_("Reasons"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = [i for i in items if not i.automatic]
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.criterion.text, choices=CheckItem.Answer.choices, initial=item.answer
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note on: %(criterion)s") % {"criterion": item.criterion.text},
                max_length=500,
                required=False,
                initial=item.explanation,
            )

    def answers(self) -> dict:
        return {i.pk: (self.cleaned_data[f"item_{i.pk}"], self.cleaned_data[f"note_{i.pk}"]) for i in self.items}


class FlagDecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Flag.Decision.choices)
    reasons = forms.CharField(label=_("Reasons"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    police_report_date = forms.DateField(
        label=_("Date of the police report"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    police_reference = forms.CharField(label=_("Police reference (diarienummer)"), max_length=50, required=False)
    amount_stopped = forms.DecimalField(
        label=_("Amount stopped (kr)"), max_digits=14, decimal_places=2, required=False, min_value=0
    )
    amount_recovered = forms.DecimalField(
        label=_("Amount recovered (kr)"), max_digits=14, decimal_places=2, required=False, min_value=0
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("decision") == Flag.Decision.POLICE:
            if not data.get("police_report_date"):
                self.add_error("police_report_date", _("Give the date of the police report."))
            if not data.get("police_reference"):
                self.add_error("police_reference", _("Give the police reference."))
        return data


class RulesRunForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class FollowUpForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class ContractForm(forms.Form):
    reference = forms.CharField(
        label=_("Contract reference"), max_length=50, help_text=_("The contract's number in the city's systems.")
    )
    service = forms.ChoiceField(label=_("Service"), choices=Service.choices)
    administration = forms.ModelChoiceField(
        label=pgettext_lazy("city administration", "Administration"),
        queryset=Administration.objects.order_by("name"),
        required=False,
    )
    starts_on = forms.DateField(label=_("Starts"), help_text=_("For example 2026-01-01."))
    monthly_volume = forms.DecimalField(
        label=_("Agreed volume per month (hours or places)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        localize=True,  # 1 200,5 as well as 1200.5
    )
    procurement_staff = forms.ModelMultipleChoiceField(
        label=_("Procurement staff named for the contract"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They see the supplier and check it; never the people behind it or the flags."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procurement_staff"].queryset = (
            get_user_model()
            .objects.filter(memberships__role=Role.PROCUREMENT_OFFICER, is_active=True)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["procurement_staff"].label_from_instance = lambda u: u.get_full_name() or u.username
