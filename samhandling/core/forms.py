from django.core.exceptions import ValidationError
from django.forms import Form
from django.forms.renderers import TemplatesSetting


class FKUIFormRenderer(TemplatesSetting):
    """Render every form with FKUI markup: label, help, error message next to the field."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: next to its field, or above the form for the rest.

    Services name the model's fields; a name the form does not have becomes an error of the whole form
    (Django's add_error would refuse it), so no message is dropped and nothing the user typed is lost.
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
