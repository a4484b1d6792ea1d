"""Background work: the crisis-support alert. A failure is kept on the event and shown on its page."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samhandling.places.models import AlertList, CrisisEvent

logger = logging.getLogger(__name__)


@task()
def send_crisis_alert(event_id: int) -> None:
    """E-mail the district's crisis-support list: kind, time, where and a link; never more than the event holds."""
    try:
        _send(event_id)
    except (OSError, ValueError) as e:
        # Kept on the event (its page tells the coordinator to phone the on-call) and raised, so that the
        # worker records the failure and retries.
        CrisisEvent.objects.filter(pk=event_id).update(alert_error=str(e)[:300] or type(e).__name__)
        logger.exception("places: crisis alert for event %s failed", event_id)
        raise


def _send(event_id: int) -> None:
    with transaction.atomic():
        event = CrisisEvent.objects.select_for_update().select_related("district").filter(id=event_id).first()
        if event is None or event.alert_sent_at:
            return
        alert_list = AlertList.objects.filter(district=event.district).first()
        addresses = alert_list.address_list() if alert_list else []
        if not addresses:
            event.alert_error = "no alert list"
            event.save(update_fields=["alert_error"])
            return
        with translation.override("sv"):
            when = timezone.localtime(event.occurred_at)
            subject = _("Crisis support: %(kind)s in %(district)s") % {
                "kind": event.get_kind_display(),
                "district": event.district.name,
            }
            body = _(
                "A serious violent event has been registered and crisis support is activated.\n\n"
                "What: %(kind)s\nWhen: %(when)s\nWhere: %(where)s\n\n"
                "The event and its log: %(url)s\n\nThis message cannot be answered."
            ) % {
                "kind": event.get_kind_display(),
                "when": when.strftime("%Y-%m-%d %H:%M"),
                "where": event.location,
                "url": f"{settings.SITE_URL}/platser/handelser/{event.pk}/",
            }
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
        event.alert_sent_at, event.alert_error = timezone.now(), ""
        event.save(update_fields=["alert_sent_at", "alert_error"])


@task()
def refresh_event_indicator(year: int) -> str:
    """Rewrite a year's violent-event counts in the indicator series; run again, it changes nothing."""
    from samhandling.places.services.event_indicator import event_indicator_update

    created, corrected, _unchanged = event_indicator_update(actor=None, years=[year])
    return f"{created} new, {corrected} corrected"
