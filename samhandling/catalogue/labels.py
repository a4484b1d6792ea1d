"""Display labels for the coded values that the catalogue's JSON fields hold."""

from django.utils.translation import gettext_lazy as _

TARGET_GROUPS = {
    "child": _("Children"),
    "young_person": _("Young people"),
    "young_adult": _("Young adults"),
    "parents": _("Parents and guardians"),
    "group": _("Groups of young people"),
    "staff": _("Staff"),
    "place": _("Places and environments"),
}


def target_group_label(code: str) -> str:
    return str(TARGET_GROUPS.get(code, code))
