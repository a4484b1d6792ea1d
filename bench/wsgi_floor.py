"""The app for bench_load.py with one page more: the floor, what every signed-in page costs before its own work.

/bench/golv/ passes the whole middleware stack (session, user, roles, two-factor check, CSRF, the log line),
writes one audit row and renders the base layout with its navigation, and nothing else. No page of the
service can cost less, so its share of the trivial page bounds what the workload view and the case page
can reach. Only the benchmark's server process has the page.
"""

from config.wsgi import application  # noqa: F401 - the WSGI entry point granian loads; it sets Django up first

# isort: split
import importlib

from benchlib import FLOOR_PATH
from django.conf import settings
from django.shortcuts import render
from django.urls import clear_url_caches, path

from samhandling.audit.services import record


def floor(request):
    record(actor=request.user, verb="bench.floor.view", purpose="benchmark")
    return render(request, "base.html", {})


importlib.import_module(settings.ROOT_URLCONF).urlpatterns.append(path(FLOOR_PATH.strip("/") + "/", floor))
clear_url_caches()
