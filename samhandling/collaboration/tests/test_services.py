"""Forum rules, consent, legal bases and disclosures, through the services."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases.models import Person
from samhandling.collaboration import access, services
from samhandling.collaboration.models import Consent, Disclosure, Forum, LegalBasis
from samhandling.collaboration.tests import helpers as h

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _consent(worker, forum, giver, **kw):
    args = dict(
        actor=worker,
        forum=forum,
        given_by=giver,
        given_on=TODAY(),
        method="scanned",
        parties=["police", "school"],
        info_kinds=["plan"],
        valid_to=TODAY() + datetime.timedelta(days=90),
        token=uuid.uuid4(),
    )
    args.update(kw)
    return services.consent_record(**args)


def _new_sspf(worker, age=15, guardians=2):
    case = h.case_for(worker, age=age, guardians=guardians)
    return services.forum_create(actor=worker, kind="sspf", case=case, requested_by="", token=uuid.uuid4())


def test_rules_and_legal_bases_are_data_marked_for_review():
    rule = services.rule_for("sspf")
    assert (rule.min_age, rule.max_age, rule.young_person_consents_from_age, rule.young_person_alone_from_age) == (
        6,
        20,
        15,
        18,
    )
    assert not services.rule_for("trefas").consent_required
    assert LegalBasis.objects.get(code="osl-10-18a").section == "10 kap. 18 a §"
    assert all(b.needs_legal_review for b in LegalBasis.objects.all())


def test_a_15_year_old_needs_both_guardians_and_their_own_consent(social_worker_hagersten):
    forum = _new_sspf(social_worker_hagersten)
    givers = services.required_givers(forum)
    assert [k for _p, k in givers] == ["guardian", "guardian", "young_person"]
    for guardian, _k in givers[:2]:
        _consent(social_worker_hagersten, forum, guardian)
    with pytest.raises(ValidationError, match="samtycke saknas|consent is missing"):
        services.forum_activate(actor=social_worker_hagersten, forum=forum)
    _consent(social_worker_hagersten, forum, forum.person)
    assert services.forum_activate(actor=social_worker_hagersten, forum=forum).status == Forum.Status.ACTIVE


def test_an_adult_consents_alone_and_a_child_under_15_through_the_guardians(social_worker_hagersten):
    adult = _new_sspf(social_worker_hagersten, age=19, guardians=0)
    assert [k for _p, k in services.required_givers(adult)] == ["young_person"]
    Person.objects.filter(id=adult.person_id).update(birth_date=h.years_ago(12))
    adult.person.refresh_from_db()
    with pytest.raises(ValidationError):
        services.required_givers(adult)  # no guardian registered


def test_the_age_range_is_checked(social_worker_hagersten):
    case = h.case_for(social_worker_hagersten, age=22)
    with pytest.raises(ValidationError) as e:
        services.forum_create(
            actor=social_worker_hagersten, kind="sspf", case=case, requested_by="", token=uuid.uuid4()
        )
    assert "kind" in e.value.error_dict


def test_bad_consents_are_refused(social_worker_hagersten, social_worker_rinkeby):
    forum = _new_sspf(social_worker_hagersten)
    stranger = Person.objects.create(reserve_number="R-1", first_name="Inte", last_name="Vårdnadshavare")
    with pytest.raises(ValidationError) as e:
        _consent(social_worker_hagersten, forum, stranger)
    assert "given_by" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        _consent(social_worker_hagersten, forum, forum.person, given_on=TODAY() + datetime.timedelta(days=1))
    assert "given_on" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        _consent(
            social_worker_hagersten,
            forum,
            forum.person,
            given_on=TODAY() - datetime.timedelta(days=30),
            valid_to=TODAY() - datetime.timedelta(days=1),
        )
    assert "valid_to" in e.value.error_dict
    assert not Consent.objects.exists()


def test_creates_are_idempotent(social_worker_hagersten):
    case = h.case_for(social_worker_hagersten)
    token = uuid.uuid4()
    a = services.forum_create(actor=social_worker_hagersten, kind="sspf", case=case, requested_by="", token=token)
    b = services.forum_create(actor=social_worker_hagersten, kind="sspf", case=case, requested_by="", token=token)
    assert a == b and Forum.objects.count() == 1
    token = uuid.uuid4()
    _consent(social_worker_hagersten, a, a.person, token=token)
    _consent(social_worker_hagersten, a, a.person, token=token)
    assert Consent.objects.count() == 1


def test_withdrawal_closes_the_door_at_once(social_worker_hagersten, police_liaison):
    forum = h.sspf(social_worker_hagersten)
    h.share(social_worker_hagersten, forum, "police", "Planen: läxhjälp.")
    assert access.visible_forums(police_liaison).filter(id=forum.id).exists()
    guardian_consent = forum.consents.filter(giver="guardian").first()
    services.consent_withdraw(actor=social_worker_hagersten, consent=guardian_consent, note="Per telefon")
    assert not access.visible_forums(police_liaison).filter(id=forum.id).exists()
    # Nothing new can be shared under the consent either.
    with pytest.raises(ValidationError):
        h.share(social_worker_hagersten, forum, "police", "Mer")
    assert AuditEvent.objects.filter(verb="collaboration.consent.withdraw").count() == 1


def test_an_expired_consent_closes_the_door(social_worker_hagersten, police_liaison):
    forum = h.sspf(social_worker_hagersten)
    forum.consents.update(valid_to=TODAY() - datetime.timedelta(days=1))
    services.coverage_recompute(forum)
    assert not access.visible_forums(police_liaison).filter(id=forum.id).exists()


def test_consent_scope_limits_who_may_receive(social_worker_hagersten):
    case = h.case_for(social_worker_hagersten)
    forum = services.forum_create(
        actor=social_worker_hagersten, kind="sspf", case=case, requested_by="", token=uuid.uuid4()
    )
    services.member_add(actor=social_worker_hagersten, forum=forum, unit=h.school_unit())
    h.consent_all(social_worker_hagersten, forum, parties=("police",))
    services.forum_activate(actor=social_worker_hagersten, forum=forum)
    with pytest.raises(ValidationError, match="skola|school"):
        h.share(social_worker_hagersten, forum, "school", "Planen")
    assert not Disclosure.objects.exists()


def test_trefas_rests_on_a_legal_basis_not_consent(social_worker_hagersten, police_liaison):
    case = h.case_for(social_worker_hagersten, age=17, guardians=0)
    forum = services.forum_create(
        actor=social_worker_hagersten, kind="trefas", case=case, requested_by="", token=uuid.uuid4()
    )
    services.member_add(actor=social_worker_hagersten, forum=forum, agency=h.police())
    basis = LegalBasis.objects.get(code="osl-10-18a")
    with pytest.raises(ValidationError) as e:
        services.forum_activate(actor=social_worker_hagersten, forum=forum, legal_basis=basis, confirmed=False)
    assert "confirm" in e.value.error_dict
    services.forum_activate(actor=social_worker_hagersten, forum=forum, legal_basis=basis, confirmed=True)
    (d,) = h.share(social_worker_hagersten, forum, "police", "Hotbild", info_kind="crime", basis_code="osl-10-18a")
    assert d.legal_basis == basis and not d.consents.exists()
    assert access.visible_forums(police_liaison).filter(id=forum.id).exists()


def test_an_sspf_cannot_start_on_a_legal_basis(social_worker_hagersten):
    forum = _new_sspf(social_worker_hagersten)
    with pytest.raises(ValidationError):
        services.forum_activate(
            actor=social_worker_hagersten,
            forum=forum,
            legal_basis=LegalBasis.objects.get(code="osl-10-2"),
            confirmed=True,
        )


def test_a_legal_basis_for_the_police_cannot_send_to_the_school(social_worker_hagersten):
    forum = h.sspf(social_worker_hagersten)
    with pytest.raises(ValidationError):
        h.share(social_worker_hagersten, forum, "school", "x", basis_code="osl-10-18a")


def test_plan_edits_are_version_checked(social_worker_hagersten):
    forum = h.sspf(social_worker_hagersten)
    services.plan_update(
        actor=social_worker_hagersten, forum=forum, goals="Gå till skolan", expected_version=forum.version
    )
    with pytest.raises(services.EditConflict):
        services.plan_update(actor=social_worker_hagersten, forum=forum, goals="Annat", expected_version=forum.version)
    forum.refresh_from_db()
    assert forum.goals == "Gå till skolan"


def test_a_disclosure_is_shared_once_per_token_and_audited(social_worker_hagersten):
    forum = h.sspf(social_worker_hagersten)
    member = forum.members.get(party="police")
    token = uuid.uuid4()
    kwargs = dict(
        actor=social_worker_hagersten,
        forum=forum,
        recipients=[member],
        what="plan",
        info_kind="plan",
        content="Planen",
        legal_basis=LegalBasis.objects.get(code="osl-12-2-samtycke"),
        confirmed=True,
        token=token,
    )
    services.disclosure_record(**kwargs)
    services.disclosure_record(**kwargs)
    assert Disclosure.objects.count() == 1
    assert AuditEvent.objects.filter(verb="collaboration.disclosure.record").count() == 1
