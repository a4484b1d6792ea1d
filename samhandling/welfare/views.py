from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.core.text import swedish_sort_key
from samhandling.welfare import access, exports, selectors, services
from samhandling.welfare.forms import (
    CheckCreateForm,
    CheckDecideForm,
    ContractForm,
    FlagDecideForm,
    FollowUpForm,
    ImportForm,
    RulesRunForm,
    SupplierForm,
)
from samhandling.welfare.importing.reading import FileProblem
from samhandling.welfare.models import PERSON_KINDS, CheckItem, FactChange, ImportBatch, PersonMatch


def home(request):
    access.require_any(request.user)
    context = {
        "is_controller": access.is_controller(request.user),
        "open_flags": access.visible_flags(request.user).filter(decision="").count(),
        "suppliers": access.visible_suppliers(request.user).count(),
        "checks": access.visible_checks(request.user).count(),
    }
    return render(request, "welfare/home.html", context)


def supplier_list(request):
    access.require_any(request.user)
    if not (access.is_controller(request.user) or access.is_procurement(request.user)):
        return redirect("welfare:check_list")
    suppliers = access.visible_suppliers(request.user)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        digits = "".join(c for c in q if c.isdigit())
        suppliers = suppliers.filter(name__icontains=q) | (
            suppliers.filter(org_number__startswith=digits) if digits else suppliers.none()
        )
    suppliers = sorted(suppliers[:200], key=lambda s: swedish_sort_key(s.name))
    if q:
        record(actor=request.user, verb="welfare.supplier.search", query=q, hits=len(suppliers))
    return render(
        request,
        "welfare/supplier_list.html",
        {"suppliers": suppliers, "q": q, "is_controller": access.is_controller(request.user)},
    )


def supplier_create(request):
    access.require_controller(request.user)
    form = SupplierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        supplier = services.supplier_create(
            actor=request.user,
            org_number=data["org_number"],
            name=data["name"],
            legal_form=data["legal_form"],
            address=data["address"],
        )
        return redirect("welfare:supplier_detail", pk=supplier.pk)
    return render(request, "welfare/supplier_form.html", {"form": form})


def supplier_edit(request, pk):
    access.require_controller(request.user)
    supplier = access.get_supplier_for_user(request.user, pk, purpose="ändra uppgifter")
    initial = {
        "org_number": supplier.formatted_org_number,
        "name": supplier.name,
        "legal_form": supplier.legal_form,
        "address": supplier.address,
        "version": supplier.version,
    }
    form = SupplierForm(request.POST or None, initial=initial)
    form.fields["org_number"].disabled = True
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.supplier_update(
                actor=request.user,
                supplier=supplier,
                version=data["version"] or 0,
                name=data["name"],
                legal_form=data["legal_form"],
                address=data["address"],
            )
            return redirect("welfare:supplier_detail", pk=supplier.pk)
        except services.VersionConflict:
            supplier.refresh_from_db()
            conflict = True
            form.data = form.data.copy()
            form.data["version"] = supplier.version
    status = 409 if conflict else 200
    return render(
        request, "welfare/supplier_form.html", {"form": form, "supplier": supplier, "conflict": conflict}, status=status
    )


def supplier_detail(request, pk):
    supplier = access.get_supplier_for_user(request.user, pk, purpose="leverantörssida")
    controller = access.is_controller(request.user)
    facts = supplier.facts.select_related("person").order_by("kind", "-valid_from")
    changes = supplier.changes.select_related("person")[:100]
    if not controller:
        # Procurement officers see the company's facts, not the people behind it.
        facts = facts.exclude(kind__in=[str(k) for k in PERSON_KINDS])
        changes = [c for c in changes if c.kind not in PERSON_KINDS]
    context = {
        "supplier": supplier,
        "facts": facts,
        "changes": changes,
        "checks": access.visible_checks(request.user).filter(supplier=supplier),
        "flags": access.visible_flags(request.user).filter(supplier=supplier).select_related("rule"),
        "contracts": supplier.contracts.select_related("administration"),
        "is_controller": controller,
        "payments": supplier.payments.order_by("-paid_on")[:20] if controller else [],
    }
    return render(request, "welfare/supplier_detail.html", context)


def contract_create(request, pk):
    access.require_controller(request.user)
    supplier = access.get_supplier_for_user(request.user, pk, purpose="nytt avtal")
    form = ContractForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contract_create(
                actor=request.user,
                supplier=supplier,
                reference=data["reference"].strip(),
                service=data["service"],
                starts_on=data["starts_on"],
                administration=data["administration"],
                monthly_volume=data["monthly_volume"],
                procurement_staff=data["procurement_staff"],
            )
        except services.ContractElsewhere:
            form.add_error("reference", _("This contract reference belongs to another supplier."))
        else:
            messages.success(request, _("The contract is saved."))
            return redirect("welfare:supplier_detail", pk=supplier.pk)
    return render(request, "welfare/contract_form.html", {"form": form, "supplier": supplier})


def contract_edit(request, pk):
    contract = access.get_contract_for_user(request.user, pk)
    supplier = contract.supplier
    initial = {
        "reference": contract.reference,
        "service": contract.service,
        "administration": contract.administration_id,
        "starts_on": contract.starts_on,
        "monthly_volume": contract.monthly_volume,
        "procurement_staff": list(contract.procurement_staff.all()),
        "version": contract.version,
    }
    form = ContractForm(request.POST or None, initial=initial)
    form.fields["reference"].disabled = True
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contract_update(
                actor=request.user,
                contract=contract,
                version=data["version"] or 0,
                service=data["service"],
                starts_on=data["starts_on"],
                administration=data["administration"],
                monthly_volume=data["monthly_volume"],
                procurement_staff=data["procurement_staff"],
            )
            messages.success(request, _("The contract is saved."))
            return redirect("welfare:supplier_detail", pk=supplier.pk)
        except services.VersionConflict:
            contract.refresh_from_db()
            conflict = True
            form.data = form.data.copy()
            form.data["version"] = contract.version
    context = {"form": form, "supplier": supplier, "contract": contract, "conflict": conflict}
    return render(request, "welfare/contract_form.html", context, status=409 if conflict else 200)


def supplier_network(request, pk):
    access.require_controller(request.user)
    supplier = access.get_supplier_for_user(request.user, pk, purpose="nätverksvy")
    return render(request, "welfare/network.html", {"net": selectors.supplier_network(supplier)})


def import_upload(request):
    access.require_controller(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_batch_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                file_name=form.cleaned_data["file"].name,
                content=form.content,
            )
        except FileProblem as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("welfare:import_detail", pk=batch.pk)
    batches = ImportBatch.objects.defer("content").select_related("uploaded_by")[:20]
    return render(request, "welfare/import_upload.html", {"form": form, "batches": batches})


def import_detail(request, pk):
    return render(request, "welfare/import_detail.html", {"batch": access.get_import_for_user(request.user, pk)})


def import_status(request, pk):
    return render(request, "welfare/_import_status.html", {"batch": access.get_import_for_user(request.user, pk)})


def check_list(request):
    access.require_any(request.user)
    checks = (
        access.visible_checks(request.user).select_related("supplier", "administration").order_by("-created_at")[:200]
    )
    return render(request, "welfare/check_list.html", {"checks": checks})


def check_create(request, pk):
    if not (access.is_controller(request.user) or access.is_procurement(request.user)):
        access.require_any(request.user)
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    supplier = access.get_supplier_for_user(request.user, pk, purpose="seriositetskontroll")
    form = CheckCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        previous = (
            access.visible_checks(request.user)
            .filter(supplier=supplier)
            .exclude(result="")
            .order_by("-decided_at")
            .first()
        )
        check = services.check_create(
            actor=request.user,
            supplier=supplier,
            procurement=form.cleaned_data["procurement"],
            administration=form.cleaned_data["administration"],
            previous=previous,
        )
        return redirect("welfare:check_detail", pk=check.pk)
    return render(request, "welfare/check_create.html", {"form": form, "supplier": supplier})


def check_detail(request, pk):
    check = access.get_check_for_user(request.user, pk, change=request.method == "POST")
    items = list(check.items.select_related("criterion"))
    can_change = access.can_change_check(request.user, check) and not check.result
    form = None
    conflict = False
    if can_change or request.method == "POST":
        form = CheckDecideForm(request.POST or None, items=items, initial={"version": check.version})
        if request.method == "POST" and form.is_valid():
            try:
                services.check_decide(
                    actor=request.user,
                    check=check,
                    version=form.cleaned_data["version"],
                    answers=form.answers(),
                    result=form.cleaned_data["result"],
                    reasons=form.cleaned_data["reasons"],
                )
                messages.success(request, _("The result of the check is saved."))
                return redirect("welfare:check_detail", pk=check.pk)
            except services.VersionConflict:
                conflict = True
                check.refresh_from_db()
    context = {
        "check": check,
        "items": items,
        "form": form,
        "conflict": conflict,
        "show_items": access.is_controller(request.user) or access.is_procurement(request.user),
        "Answer": CheckItem.Answer,
    }
    return render(request, "welfare/check_detail.html", context, status=409 if conflict else 200)


def flag_queue(request):
    access.require_controller(request.user)
    status = request.GET.get("visa", "open")
    flags = selectors.queue(
        access.visible_flags(request.user), status=status if status in {"open", "decided", "all"} else "open"
    )
    return render(request, "welfare/flag_queue.html", {"flags": flags[:300], "status": status})


def flag_detail(request, pk):
    flag = access.get_flag_for_user(request.user, pk)
    form = FlagDecideForm(
        request.POST or None,
        initial={"version": flag.version, "decision": flag.decision or None, "reasons": flag.reasons},
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.flag_decide(
                actor=request.user,
                flag=flag,
                version=data["version"],
                decision=data["decision"],
                reasons=data["reasons"],
                police_report_date=data["police_report_date"],
                police_reference=data["police_reference"],
                amount_stopped=data["amount_stopped"],
                amount_recovered=data["amount_recovered"],
            )
            messages.success(request, _("The decision is saved."))
            return redirect("welfare:flag_detail", pk=flag.pk)
        except services.VersionConflict:
            conflict = True
            flag.refresh_from_db()
            form.data = form.data.copy()
            form.data["version"] = flag.version
    changes = FactChange.objects.filter(supplier=flag.supplier).select_related("person")[:20]
    return render(
        request,
        "welfare/flag_detail.html",
        {"flag": flag, "form": form, "conflict": conflict, "changes": changes},
        status=409 if conflict else 200,
    )


def rule_list(request):
    access.require_controller(request.user)
    form = RulesRunForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        services.rule_run_create(actor=request.user, year=form.cleaned_data["year"])
        messages.success(request, _("The rules are run in the background; new flags appear in the queue."))
        return redirect("welfare:rule_list")
    from samhandling.welfare.models import CheckCriterion, FlagRule, RuleRun

    context = {
        "form": form,
        "rules": FlagRule.objects.all(),
        "in_force": {r.pk for r in services.rules_in_force()},
        "criteria": CheckCriterion.objects.all(),
        "runs": RuleRun.objects.all()[:10],
    }
    return render(request, "welfare/rule_list.html", context)


def match_list(request):
    access.require_controller(request.user)
    matches = PersonMatch.objects.filter(status=PersonMatch.Status.SUGGESTED).select_related("first", "second")[:200]
    record(actor=request.user, verb="welfare.person_match.list", count=len(matches))
    return render(request, "welfare/match_list.html", {"matches": matches})


def match_decide(request, pk):
    match = access.get_match_for_user(request.user, pk)
    if request.method != "POST":
        return redirect("welfare:match_list")
    services.person_match_decide(actor=request.user, match=match, same=request.POST.get("same") == "ja")
    return redirect("welfare:match_list")


def follow_up(request):
    access.require_controller(request.user)
    form = FollowUpForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    return render(request, "welfare/follow_up.html", {"form": form, "data": selectors.follow_up(year), "year": year})


def follow_up_export(request):
    access.require_controller(request.user)
    form = FollowUpForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    record(actor=request.user, verb="welfare.follow_up.export", year=year)
    response = HttpResponse(exports.follow_up_csv(selectors.follow_up(year)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="valfardsbrott-uppfoljning-{year or "alla"}.csv"'
    return response
