import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samhandling.catalogue import exports, hooks, selectors, services
from samhandling.catalogue.access import can_edit_catalogue, require_catalogue_editor
from samhandling.catalogue.forms import FinderForm, MethodFilterForm, MethodForm
from samhandling.catalogue.models import Factor, Method, Strategy

SUBMISSIONS_KEY = "catalogue_submissions"


PAGE_SIZE = 50


def _filtered_ids(request):
    form = MethodFilterForm(request.GET or None)
    form.is_valid()  # invalid fields show their message and filter nothing
    query = form.cleaned_data.get("q", "") if form.is_bound else ""
    ids = selectors.search_method_ids(query, form.filters() if form.is_bound else {})
    return form, query, ids


@login_not_required
def method_list(request):
    form, query, ids = _filtered_ids(request)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "catalogue/method_list.html",
        {
            "form": form,
            "query": query,
            "methods": selectors.methods_by_ids(list(page.object_list)),
            "total": len(ids),
            "page": page,
            "querystring": params.urlencode(),
            "can_edit": can_edit_catalogue(request.user),
            "strategy": selectors.current_strategy(),
        },
    )


@login_not_required
def method_export(request, fmt: str):
    _form, _query, ids = _filtered_ids(request)
    return exports.response(selectors.methods_by_ids(ids), fmt)


@login_not_required
def method_detail(request, slug: str):
    method = get_object_or_404(selectors.methods_queryset(), slug=slug)
    return render(
        request,
        "catalogue/method_detail.html",
        {
            "method": method,
            "history": _history_rows(method),
            "activities": selectors.method_activities(method, request.user),
            "can_edit": can_edit_catalogue(request.user),
            "sub_areas": method.sub_areas.all(),
            # City-wide counts from case work, small numbers suppressed; for logged-in users only.
            "grants": hooks.grant_counts(method) if request.user.is_authenticated else None,
        },
    )


def _history_rows(method: Method) -> list:
    labels = {f.name: str(f.verbose_name) for f in Method._meta.get_fields() if hasattr(f, "verbose_name")}
    events = list(selectors.method_history(method)[:50])
    for e in events:
        e.changed_labels = [labels.get(name, name) for name in (e.details or {}).get("changed", {})]
    return events


@login_not_required
def finder(request):
    form = FinderForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = selectors.find_methods(data["age"], data["district"] or None, data["factors"])
    return render(request, "catalogue/finder.html", {"form": form, "result": result})


@login_not_required
def factor_list(request):
    return render(request, "catalogue/factor_list.html", {"factors": Factor.objects.prefetch_related("methods")})


@login_not_required
def strategy_list(request):
    strategies = selectors.strategies_with_areas()
    comparison = None
    if len(strategies) >= 2:
        comparison = selectors.compare_strategies(strategies[0], strategies[1])
    return render(
        request,
        "catalogue/strategy_list.html",
        {
            "strategies": strategies,
            "comparison": comparison,
            "newer": strategies[0] if strategies else None,
            "older": strategies[1] if len(strategies) > 1 else None,
        },
    )


@login_not_required
def strategy_detail(request, code: str):
    strategy = get_object_or_404(Strategy.objects.prefetch_related("priority_areas__sub_areas__methods"), code=code)
    return render(request, "catalogue/strategy_detail.html", {"strategy": strategy})


def _already_submitted(request, token: str) -> Method | None:
    pk = request.session.get(SUBMISSIONS_KEY, {}).get(token)
    return Method.objects.filter(pk=pk).first() if pk else None


def _remember_submission(request, token: str, method: Method) -> None:
    if token:
        done = request.session.get(SUBMISSIONS_KEY, {})
        done[token] = method.pk
        request.session[SUBMISSIONS_KEY] = dict(list(done.items())[-50:])


def method_create(request):
    require_catalogue_editor(request.user)
    if request.method == "POST":
        token = request.POST.get("submission_token", "")
        if previous := _already_submitted(request, token):
            return redirect("catalogue:method_detail", slug=previous.slug)  # a double click saves once
        form = MethodForm(request.POST)
        if form.is_valid():
            try:
                method = services.method_create(actor=request.user, data=form.service_data())
            except IntegrityError:
                form.add_error("name", _("There is already a method with this name."))
            else:
                _remember_submission(request, token, method)
                messages.success(request, _("The method was added to the catalogue."))
                return redirect("catalogue:method_detail", slug=method.slug)
    else:
        form = MethodForm(initial={"submission_token": uuid.uuid4().hex})
    return render(request, "catalogue/method_form.html", {"form": form, "method": None})


def method_edit(request, slug: str):
    require_catalogue_editor(request.user)
    method = get_object_or_404(Method, slug=slug)
    if request.method == "POST":
        form = MethodForm(request.POST, instance=Method.objects.get(pk=method.pk))
        if form.is_valid():
            services.method_update(actor=request.user, method=method, data=form.service_data())
            messages.success(request, _("Your changes were saved."))
            return redirect("catalogue:method_detail", slug=method.slug)
    else:
        form = MethodForm(instance=method)
    return render(request, "catalogue/method_form.html", {"form": form, "method": method})
