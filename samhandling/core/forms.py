from django.forms.renderers import TemplatesSetting


class FKUIFormRenderer(TemplatesSetting):
    """Render every form with FKUI markup: label, help, error message next to the field."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
