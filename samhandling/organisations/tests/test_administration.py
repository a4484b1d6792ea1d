"""The administration of users and memberships (/administration/, issue 16): who may do what, audit, effects."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samhandling.accounts.models import User
from samhandling.audit.models import AuditEvent
from samhandling.organisations import selectors, services
from samhandling.organisations.models import Membership
from samhandling.organisations.roles import Role
from samhandling.organisations.tests import factories as f

pytestmark = pytest.mark.django_db


def client_as(user) -> Client:
    client = Client()
    if user is None:
        return client
    client.force_login(user, backend="samhandling.accounts.backends.RoleBackend")
    if user.requires_two_factor:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def people(system_admin, unit_manager_hagersten, social_worker_hagersten, social_worker_rinkeby, city_analyst):
    return {
        "admin": system_admin,
        "manager": unit_manager_hagersten,
        "worker": social_worker_hagersten,
        "other_worker": social_worker_rinkeby,
        "analyst": city_analyst,
        "outsider": f.outsider(),
        "anonymous": None,
    }


def _urls(people):
    own = people["worker"]  # in the manager's own unit
    other = people["other_worker"]  # in another district's unit
    own_m = Membership.objects.get(user=own)
    other_m = Membership.objects.get(user=other)
    return {
        "list": reverse("organisations:user_list"),
        "create": reverse("organisations:user_create"),
        "detail_own": reverse("organisations:user_detail", args=[own.pk]),
        "detail_other": reverse("organisations:user_detail", args=[other.pk]),
        "deactivate_own": reverse("organisations:user_deactivate", args=[own.pk]),
        "deactivate_other": reverse("organisations:user_deactivate", args=[other.pk]),
        "give": reverse("organisations:membership_give"),
        "end_own": reverse("organisations:membership_end", args=[own_m.pk]),
        "end_other": reverse("organisations:membership_end", args=[other_m.pk]),
        "roles": reverse("organisations:role_overview"),
        "committees": reverse("organisations:committee_problems"),
    }


# who -> {url: expected status of a GET}; anonymous visitors are sent to login (302) everywhere.
MATRIX = {
    "admin": {
        "list": 200,
        "create": 200,
        "detail_own": 200,
        "detail_other": 200,
        "deactivate_own": 200,
        "deactivate_other": 200,
        "give": 200,
        "end_own": 200,
        "end_other": 200,
        "roles": 200,
        "committees": 200,
    },
    "manager": {
        "list": 200,
        "create": 403,
        "detail_own": 200,
        "detail_other": 404,
        "deactivate_own": 403,
        "deactivate_other": 404,
        "give": 200,
        "end_own": 200,
        "end_other": 404,
        "roles": 200,
        "committees": 403,
    },
    "analyst": {
        **{name: 403 for name in ("list", "create", "detail_own", "detail_other", "deactivate_own")},
        **{name: 403 for name in ("deactivate_other", "give", "end_own", "end_other", "roles")},
        "committees": 200,
    },
}
for _who in ("worker", "other_worker", "outsider"):
    MATRIX[_who] = {name: 403 for name in MATRIX["admin"]}
MATRIX["anonymous"] = {name: 302 for name in MATRIX["admin"]}


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_administration_answers_each_persona_as_the_access_model_says(people, who):
    urls = _urls(people)
    client = client_as(people[who])
    answers = {name: client.get(url).status_code for name, url in urls.items()}
    assert answers == MATRIX[who]


def test_a_unit_manager_sees_only_the_people_of_their_own_units(people):
    page = client_as(people["manager"]).get(reverse("organisations:user_list"))
    assert people["worker"].username in page.text
    assert people["other_worker"].username not in page.text
    assert people["analyst"].username not in page.text


def test_the_administrator_adds_a_user_without_any_role_and_it_is_audited(people):
    client = client_as(people["admin"])
    data = {
        "username": "ny.person",
        "first_name": "Ny",
        "last_name": "Person",
        "email": "ny.person@stockholm.se",
        "oidc_subject": "sso-ny-person",
    }
    response = client.post(reverse("organisations:user_create"), data)
    user = User.objects.get(username="ny.person")
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:user_detail", args=[user.pk])
    assert not user.has_usable_password()
    assert user.oidc_subject == "sso-ny-person"
    assert not user.memberships.exists()
    event = AuditEvent.objects.get(verb="user.create")
    assert event.actor_id == people["admin"].pk and event.target_id == str(user.pk)


def test_the_same_username_or_e_mail_is_refused(people):
    client = client_as(people["admin"])
    worker = people["worker"]
    User.objects.filter(pk=worker.pk).update(oidc_subject="sub-1")
    base = {"first_name": "A", "last_name": "B", "oidc_subject": "sub-2"}
    tries = [
        {**base, "username": worker.username.upper(), "email": "x@stockholm.se"},
        {**base, "username": "annan", "email": worker.email.upper()},
        {**base, "username": "tredje", "email": "y@stockholm.se", "oidc_subject": "sub-1"},
    ]
    for data in tries:
        response = client.post(reverse("organisations:user_create"), data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert User.objects.count() == len(people) - 1


def test_a_role_given_by_the_unit_manager_takes_effect_on_the_next_request(people):
    newcomer = people["outsider"]
    newcomer_client = client_as(newcomer)
    assert newcomer_client.get(reverse("cases:workload")).status_code == 403
    unit = f.district_unit("Hägersten-Älvsjö")
    response = client_as(people["manager"]).post(
        reverse("organisations:membership_give"),
        {"username": newcomer.username, "unit": unit.pk, "role": Role.SOCIAL_WORKER, "valid_from": ""},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert (membership.role, membership.unit_id) == (Role.SOCIAL_WORKER, unit.pk)
    event = AuditEvent.objects.get(verb="membership.give")
    assert event.actor_id == people["manager"].pk and event.details["role"] == Role.SOCIAL_WORKER
    # The same session, no new login: the next request has the role.
    assert newcomer_client.get(reverse("cases:workload")).status_code == 200


def test_ending_a_membership_removes_the_rights_on_the_next_request_and_is_audited(people):
    worker = people["worker"]
    worker_client = client_as(worker)
    assert worker_client.get(reverse("cases:workload")).status_code == 200
    membership = Membership.objects.get(user=worker)
    url = reverse("organisations:membership_end", args=[membership.pk])
    response = client_as(people["manager"]).post(url, {"version": membership.version})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active and membership.valid_to == timezone.localdate()
    assert AuditEvent.objects.filter(verb="membership.end", target_id=str(membership.pk)).count() == 1
    assert worker_client.get(reverse("cases:workload")).status_code == 403


def test_a_stale_end_form_gets_the_conflict_page_and_changes_nothing(people):
    membership = Membership.objects.get(user=people["worker"])
    stale = membership.version
    services.membership_end(actor=people["admin"], membership=membership)
    services.membership_give(actor=people["admin"], user=people["worker"], unit=membership.unit, role=membership.role)
    url = reverse("organisations:membership_end", args=[membership.pk])
    response = client_as(people["manager"]).post(url, {"version": stale})
    assert response.status_code == 409
    membership.refresh_from_db()
    assert membership.is_active and membership.valid_to is None
    assert AuditEvent.objects.filter(verb="membership.end").count() == 1


def test_a_unit_manager_cannot_give_roles_elsewhere_or_above_their_own(people):
    client = client_as(people["manager"])
    outsider = people["outsider"]
    other_unit = f.district_unit("Rinkeby-Kista")
    own_unit = f.district_unit("Hägersten-Älvsjö")
    url = reverse("organisations:membership_give")
    for unit, role in ((other_unit, Role.SOCIAL_WORKER), (own_unit, Role.UNIT_MANAGER), (own_unit, Role.SYSTEM_ADMIN)):
        response = client.post(url, {"username": outsider.username, "unit": unit.pk, "role": role})
        assert response.status_code == 200  # the form refuses the choice
    assert not Membership.objects.filter(user=outsider).exists()
    with pytest.raises(PermissionDenied):
        services.membership_give(actor=people["manager"], user=outsider, unit=other_unit, role=Role.SOCIAL_WORKER)
    with pytest.raises(PermissionDenied):
        services.membership_give(actor=people["manager"], user=outsider, unit=own_unit, role=Role.UNIT_MANAGER)


def test_a_unit_manager_cannot_end_a_role_they_may_not_give(people):
    manager = people["manager"]
    colleague = f.unit_manager("Hägersten-Älvsjö", username="chef-två")
    membership = Membership.objects.get(user=colleague)
    response = client_as(manager).get(reverse("organisations:membership_end", args=[membership.pk]))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.membership_end(actor=manager, membership=membership)


def test_a_membership_given_again_after_it_ended_reuses_the_row_and_keeps_the_history_in_the_audit(people):
    worker = people["worker"]
    membership = Membership.objects.get(user=worker)
    services.membership_end(actor=people["admin"], membership=membership)
    again = services.membership_give(
        actor=people["admin"], user=worker, unit=membership.unit, role=membership.role, valid_to=None
    )
    assert again.pk == membership.pk and again.is_active
    assert list(AuditEvent.objects.filter(target_id=str(membership.pk)).values_list("verb", flat=True)) == [
        "membership.end",
        "membership.give",
    ]


def test_the_administrator_deactivates_a_user_whose_session_then_stops_working(people):
    worker = people["worker"]
    worker_client = client_as(worker)
    assert worker_client.get("/").status_code == 200
    response = client_as(people["admin"]).post(reverse("organisations:user_deactivate", args=[worker.pk]))
    assert response.status_code == 302
    worker.refresh_from_db()
    assert not worker.is_active
    assert AuditEvent.objects.filter(verb="user.deactivate", target_id=str(worker.pk)).count() == 1
    assert worker_client.get("/").status_code == 302  # sent to login
    # A second deactivation (a stale page) gets the conflict page and writes nothing.
    response = client_as(people["admin"]).post(reverse("organisations:user_deactivate", args=[worker.pk]))
    assert response.status_code == 409
    assert AuditEvent.objects.filter(verb="user.deactivate").count() == 1


def test_the_administrator_cannot_deactivate_themselves(people):
    admin = people["admin"]
    client_as(admin).post(reverse("organisations:user_deactivate", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.is_active


def test_users_without_a_login_for_90_days_are_listed_as_to_be_ended(people):
    now = timezone.now()
    User.objects.filter(pk=people["worker"].pk).update(last_login=now - timedelta(days=91))
    User.objects.filter(pk=people["other_worker"].pk).update(last_login=now - timedelta(days=89))
    never = f.UserFactory(username="aldrig-inloggad")
    User.objects.filter(pk=never.pk).update(last_login=None, date_joined=now - timedelta(days=120))
    fresh = f.UserFactory(username="ny-aldrig-inloggad")  # added today, no login yet: not stale
    client = client_as(people["admin"])
    page = client.get(reverse("organisations:user_list"), {"stale": "on"})
    names = {row.user.username for row in page.context["rows"]}
    assert {people["worker"].username, "aldrig-inloggad"} <= names
    assert people["other_worker"].username not in names
    assert fresh.username not in names
    assert people["admin"].username not in names  # force_login just set their last login
    everyone = client.get(reverse("organisations:user_list"))
    stale = {row.user.username for row in everyone.context["rows"] if row.stale}
    assert people["worker"].username in stale and people["other_worker"].username not in stale


def test_the_user_list_is_searched_and_sorted_in_swedish_order(people):
    for username, last in (("u-o", "Öberg"), ("u-a", "Andersson"), ("u-aa", "Åberg"), ("u-z", "Zetterlund")):
        f.UserFactory(username=username, last_name=last, first_name="Kim")
    rows = selectors.user_rows(User.objects.filter(first_name="Kim"))
    assert [r.user.last_name for r in rows] == ["Andersson", "Zetterlund", "Åberg", "Öberg"]
    page = client_as(people["admin"]).get(reverse("organisations:user_list"), {"q": "åberg"})
    assert [r.user.username for r in page.context["rows"]] == ["u-aa"]


def test_the_role_overview_shows_who_holds_which_role_per_committee(people):
    page = client_as(people["manager"]).get(reverse("organisations:role_overview"))
    committees = page.context["committees"]
    assert [c.committee.name for c in committees] == ["Hägersten-Älvsjö stadsdelsnämnd"]
    holders = dict(committees[0].units[0].holders)
    assert people["worker"] in holders[Role.SOCIAL_WORKER.label]
    assert people["manager"] in holders[Role.UNIT_MANAGER.label]
    assert people["other_worker"].username not in page.text


def test_committees_without_a_planner_or_approver_are_shown_to_the_administrator_and_analyst(people):
    f.district_planner("Hägersten-Älvsjö")
    summary = selectors.committee_staffing()
    hagersten = next(c for c in summary.committees if c.committee.name.startswith("Hägersten"))
    rinkeby = next(c for c in summary.committees if c.committee.name.startswith("Rinkeby"))
    assert (hagersten.planners, hagersten.approvers) == (1, 1)
    assert hagersten not in summary.problems and rinkeby in summary.problems
    assert summary.without_planner == summary.total - 1
    assert summary.without_approver == summary.total - 1
    expected = f"{summary.total - 1} av {summary.total} nämnder saknar planerare: påminnelser når ingen"
    for who in ("admin", "analyst"):
        start = client_as(people[who]).get("/")
        assert expected in start.text
        page = client_as(people[who]).get(reverse("organisations:committee_problems"))
        assert expected in page.text
    assert expected not in client_as(people["worker"]).get("/").text


def test_a_deactivated_planner_or_ended_membership_counts_as_missing(people):
    planner = f.district_planner("Hägersten-Älvsjö")
    services.user_deactivate(actor=people["admin"], user=planner)
    services.membership_end(actor=people["admin"], membership=Membership.objects.get(user=people["manager"]))
    hagersten = next(c for c in selectors.committee_staffing().committees if c.committee.name.startswith("Hägersten"))
    assert (hagersten.planners, hagersten.approvers) == (0, 0)


class _Backend:
    """The city's OIDC backend with the provider's answer given directly (the browser journey uses a real mock provider)."""

    def __init__(self, claims):
        from samhandling.accounts.oidc import CityOIDCBackend

        self.backend = CityOIDCBackend()
        self.backend.get_userinfo = lambda access_token, id_token, payload: claims

    def login(self):
        return self.backend.get_or_create_user("token", "id-token", {})


def test_the_first_sso_login_creates_a_user_without_any_role(people):
    claims = {"sub": "ny-i-staden", "email": "ny@stockholm.se", "given_name": "Ny", "family_name": "Anställd"}
    user = _Backend(claims).login()
    assert user.oidc_subject == "ny-i-staden" and not user.memberships.exists()
    assert not user.get_all_permissions()
    response = client_as(user).get("/")
    assert "Du har ännu ingen roll i Samhandling" in response.text
    assert client_as(user).get(reverse("cases:workload")).status_code == 403


def test_a_user_added_beforehand_is_matched_on_the_subject_with_the_roles_given_to_them(people):
    added = services.user_create(
        actor=people["admin"],
        username="förberedd",
        first_name="För",
        last_name="Beredd",
        email="forberedd@stockholm.se",
        oidc_subject="forberedd-sub",
    )
    services.membership_give(
        actor=people["admin"], user=added, unit=f.district_unit("Rinkeby-Kista"), role=Role.SOCIAL_WORKER
    )
    claims = {"sub": "forberedd-sub", "email": "forberedd@stockholm.se", "given_name": "För", "family_name": "Beredd"}
    assert _Backend(claims).login().pk == added.pk
    # Another subject with the same e-mail address never takes over the account.
    other = _Backend({**claims, "sub": "annan-sub"}).login()
    assert other.pk != added.pk and not other.memberships.exists()


def test_django_admin_stays_off():
    assert Client().get("/admin/").status_code == 404


def test_the_days_without_a_login_are_a_rule_with_a_valid_from_date(people):
    from samhandling.organisations.models import LoginInactivityRule

    today = timezone.localdate()
    assert selectors.stale_after_days() == 90  # the rule loaded by the migration
    User.objects.filter(pk=people["worker"].pk).update(last_login=timezone.now() - timedelta(days=40))
    LoginInactivityRule.objects.create(days=20, valid_from=today + timedelta(days=1))
    assert not User.objects.filter(selectors.stale_filter(), pk=people["worker"].pk).exists()
    LoginInactivityRule.objects.create(days=30, valid_from=today)
    assert selectors.stale_after_days() == 30
    assert User.objects.filter(selectors.stale_filter(), pk=people["worker"].pk).exists()
