"""The effects report's Excel annex: every activity and every follow-up."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import override

from samhandling.core.csvfile import sheet_append
from samhandling.plans import selectors
from samhandling.plans.models import ActivityStatus, PreventionType, Term


def report_xlsx(year: int) -> bytes:
    """The Excel annex: every activity of the year's approved plans, and every follow-up."""
    from openpyxl import Workbook

    status_labels = dict(ActivityStatus.choices)
    with override("sv"):
        prevention = {k: str(v) for k, v in PreventionType.choices}
        terms = {k: str(v) for k, v in Term.choices}
        statuses = {k: str(v) for k, v in status_labels.items()}
        wb = Workbook(write_only=True)
        acts = wb.create_sheet(_("Activities"))
        fus = wb.create_sheet(_("Follow-up"))
        sheet_append(
            acts,
            [
                "ID",
                _("Committee"),
                _("Plan version"),
                _("Priority area"),
                _("Sub-area"),
                _("Activity"),
                _("Description"),
                _("Methods"),
                _("Local activity"),
                _("Prevention type"),
                _("Target group"),
                _("Ages"),
                _("Neighbourhoods and places"),
                _("Responsible unit"),
                _("Partners"),
                _("Start"),
                _("End"),
                _("Short or long term"),
            ],
        )
        sheet_append(
            fus,
            [
                _("Activity ID"),
                _("Committee"),
                _("Activity"),
                _("Period"),
                _("Status"),
                _("What was done"),
                _("Girls"),
                _("Boys"),
                _("Women"),
                _("Men"),
                _("Gender not recorded"),
                _("Effect seen"),
                _("What the effect rests on"),
                _("Obstacles"),
            ],
        )
        for a in selectors.report_activities(year).iterator(chunk_size=1000):
            committee = a.plan.committee.name
            ages = f"{a.age_min or ''}–{a.age_max or ''}" if a.age_min or a.age_max else ""
            places = ", ".join(
                [n.name for n in a.neighbourhoods.all()]
                + [p.name for p in a.places.all()]
                + ([a.place_note] if a.place_note else [])
            )
            partners = ", ".join([p.name for p in a.partners.all()] + ([a.other_partners] if a.other_partners else []))
            sheet_append(
                acts,
                [
                    a.pk,
                    committee,
                    a.plan.version,
                    str(a.priority_area),
                    str(a.sub_area or ""),
                    a.title,
                    a.description,
                    ", ".join(m.name for m in a.methods.all()),
                    _("Yes") if a.is_local_activity else _("No"),
                    prevention[a.prevention_type],
                    a.target_group,
                    ages,
                    places,
                    a.responsible_unit.name if a.responsible_unit else "",
                    partners,
                    a.start_date,
                    a.end_date,
                    terms[a.term],
                ],
            )
            for f in a.followups.all():
                sheet_append(
                    fus,
                    [
                        a.pk,
                        committee,
                        a.title,
                        str(f.round),
                        statuses[f.status],
                        f.done,
                        f.reached_girls,
                        f.reached_boys,
                        f.reached_women,
                        f.reached_men,
                        f.reached_unspecified,
                        f.effect,
                        f.effect_basis,
                        f.obstacles,
                    ],
                )
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
