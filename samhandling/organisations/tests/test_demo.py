"""manage.py demo_data: idempotent, the personas of every issue, refused with production settings."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from samhandling.accounts.models import User
from samhandling.organisations.demo import DEMO_PASSWORD, PERSONAS, load_demo_organisations
from samhandling.organisations.models import Membership, Unit
from samhandling.organisations.roles import Role

pytestmark = pytest.mark.django_db

USERNAMES = [
    "admin",
    "analytiker",
    "planerare.hagersten",
    "planerare.rinkeby",
    "chef.hagersten",
    "socsek.hagersten",
    "socsek.rinkeby",
    "falt.hagersten",
    "skola.hagersten",
    "polis.globen",
    "granskare",
    "dataskydd",
    "katalog",
    # partners in forum cases (issue 11)
    "samordnare.hagersten",
    "fritid.hagersten",
    "region.stockholm",
    "kriminalvarden",
    # safe places (issue 13)
    "trygghet.hagersten",
    "trygghet.staden",
    "partner.liljeholmen",
    "polis.skarholmen",
    # issue 14 (welfare crime)
    "kontrollant",
    "upphandlare",
    "avtalsuppfoljare",
    # the defector process (issue 12)
    "avhopp.jour",
    "avhopp.chef",
    "sig.hagersten",
]


def counts():
    return (User.objects.count(), Membership.objects.count(), Unit.objects.count(), TOTPDevice.objects.count())


def test_the_demo_has_the_personas_of_the_issues():
    assert [p[0] for p in PERSONAS] == USERNAMES


def test_loading_the_demo_organisations_twice_changes_nothing():
    secrets = load_demo_organisations()
    first = counts()
    assert load_demo_organisations() == secrets
    assert counts() == first
    assert set(secrets) == {"admin", "granskare", "dataskydd", "avhopp.jour", "sig.hagersten"}
    for username in USERNAMES:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert Membership.objects.filter(user=user).count() == 1
    assert User.objects.get(username="granskare").requires_two_factor
    assert User.objects.get(username="admin").requires_two_factor
    assert User.objects.get(username="avhopp.jour").requires_two_factor  # the defector team
    assert not User.objects.get(username="avhopp.chef").requires_two_factor
    assert not User.objects.get(username="socsek.hagersten").requires_two_factor
    assert Membership.objects.get(user__username="polis.globen").role == Role.POLICE_LIAISON


def test_the_demo_data_command_is_idempotent_and_prints_the_logins():
    out = StringIO()
    call_command("demo_data", stdout=out)
    first = counts()
    out2 = StringIO()
    call_command("demo_data", stdout=out2)
    assert counts() == first
    text = out2.getvalue()
    assert f"alla med lösenordet {DEMO_PASSWORD}" in text
    for username in USERNAMES:
        assert username in text
    assert text.count("TOTP-hemlighet") == 5  # admin, log reviewer, DPO, two defector teams


def test_the_demo_data_command_refuses_production_settings(settings):
    settings.DEMO_MODE = False
    before = counts()
    with pytest.raises(CommandError, match="produktionsinställningar"):
        call_command("demo_data", stdout=StringIO())
    assert counts() == before
    assert not User.objects.filter(username="admin").exists()


def test_every_page_says_the_data_is_fictitious_in_demo_mode(client, client_for, social_worker_hagersten, settings):
    banner = "Demo: alla personer"
    assert banner in client.get("/konto/logga-in/").content.decode()
    assert banner in client_for(social_worker_hagersten).get("/").content.decode()
    assert banner in client.get("/finns-inte/").content.decode()
    settings.DEMO_MODE = False
    assert banner not in client.get("/konto/logga-in/").content.decode()


def test_memberships_end_at_stockholm_midnight():
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    load_demo_organisations()
    membership = Membership.objects.get(user__username="socsek.hagersten")
    membership.valid_to = date(2026, 3, 1)
    membership.save()
    stockholm = ZoneInfo("Europe/Stockholm")
    # 00:30 in Stockholm on 2 March is still 1 March in UTC: the membership has ended all the same.
    after_midnight = datetime(2026, 3, 2, 0, 30, tzinfo=stockholm)
    before_midnight = datetime(2026, 3, 1, 23, 30, tzinfo=stockholm)
    assert not Membership.objects.active(at=after_midnight).filter(pk=membership.pk).exists()
    assert Membership.objects.active(at=before_midnight).filter(pk=membership.pk).exists()
