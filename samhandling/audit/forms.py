from django import forms
from django.utils.translation import gettext_lazy as _


class LogFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    target_type = forms.CharField(label=_("Record type"), required=False, max_length=100)
    target_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    verb = forms.CharField(label=_("Action"), required=False, max_length=60)
    date_from = forms.DateField(label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def apply(self, events):
        data = self.cleaned_data
        if data.get("user"):
            events = events.filter(actor_username__iexact=data["user"])
        if data.get("target_type"):
            events = events.filter(target_type=data["target_type"])
        if data.get("target_id"):
            events = events.filter(target_id=data["target_id"])
        if data.get("verb"):
            events = events.filter(verb=data["verb"])
        if data.get("date_from"):
            events = events.filter(created_at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(created_at__date__lte=data["date_to"])
        return events
