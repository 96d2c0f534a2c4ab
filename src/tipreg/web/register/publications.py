"""The Secretariat's documents on the web: the thematic index and the chronological compilation as downloads
in every format and both languages, and the gap view with its chart. Built by the same services as
`tipreg publish` and `tipreg gaps` from the register as it is, and kept in the process until it changes."""

from __future__ import annotations

import threading
from functools import lru_cache

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from tipreg import services
from tipreg.gaps import FEW, Gaps, gap_report
from tipreg.gaps.chart import chart_bytes
from tipreg.gaps.render import table_cells, table_header
from tipreg.gaps.wording import WORDS
from tipreg.publish import FORMATS, KINDS
from tipreg.publish.wording import LANGUAGES
from tipreg.store.labels.models import EntryLink
from tipreg.store.models import Provision
from tipreg.web.register.facets import register_stamp
from tipreg.web.register.results import choice_param, int_param, interface_language, refuses_bad_parameters

PUBLICATIONS = {
    "index": (_("Thematic index"), _("Themes and sub-themes, each listing its recommendations by meeting and number.")),
    "compilation": (
        _("Chronological compilation"),
        _("One section per meeting with its place and dates, the recommendations numbered as adopted."),
    ),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
LANGUAGE_NAMES = {"es": "Español", "en": "English"}  # each named in itself, as the language switcher does


def _stamp() -> tuple:
    """The register (which database) and its state as the publications and the gap view read it: entries,
    labels, curations, links."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {EntryLink._meta.db_table}")
        return (str(connection.settings_dict["NAME"]), *register_stamp(), cursor.fetchone()[0])


# One build at a time in a process: a crawler asking for every file at once queues instead of running sixteen
# PDF layouts side by side; whoever waited for a file another request was building finds it built.
_BUILDING = threading.Lock()


def _publication(kind: str, output: str, lang: str, stamp: tuple) -> bytes:
    with _BUILDING:
        return _built_publication(kind, output, lang, stamp)


@lru_cache(maxsize=len(KINDS) * len(FORMATS) * len(LANGUAGES))  # every file, so none is built twice in a row
def _built_publication(kind: str, output: str, lang: str, stamp: tuple) -> bytes:
    return services.publication_file(kind, output, lang)


@lru_cache(maxsize=16)
def _gaps(since: int | None, lang: str, stamp: tuple) -> Gaps:
    return gap_report(since=since, lang=lang)


@lru_cache(maxsize=16)
def _chart(since: int | None, lang: str, stamp: tuple) -> bytes:
    return chart_bytes(_gaps(since, lang, stamp), "svg")


def _language(request: HttpRequest) -> str:
    """?lang=es|en, by default the interface's language."""
    return choice_param(request.GET, "lang", LANGUAGES) or interface_language()


@require_safe
def publication_list(request: HttpRequest) -> HttpResponse:
    publications = [
        {
            "kind": kind,
            "title": title,
            "description": description,
            "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        }
        for kind, (title, description) in PUBLICATIONS.items()
    ]
    context = {"publications": publications, "formats": FORMATS}
    return render(request, "register/publications.html", context)


@require_safe
@refuses_bad_parameters()
def publication_download(request: HttpRequest, kind: str, output: str) -> HttpResponse:
    if kind not in KINDS or output not in FORMATS:
        raise Http404(f"{kind}.{output}")
    lang = _language(request)
    response = HttpResponse(_publication(kind, output, lang, _stamp()), content_type=CONTENT_TYPES[output])
    response["Content-Disposition"] = f'attachment; filename="tipreg-{kind}-{lang}.{output}"'
    return response


def _since(request: HttpRequest) -> int | None:
    """?since=YEAR; by default the gap view's own (five years before the latest recommendation)."""
    return int_param(request.GET, "since", minimum=1990, maximum=2100)


@require_safe
@refuses_bad_parameters()
def gap_view(request: HttpRequest) -> HttpResponse:
    since = _since(request)
    lang = interface_language()
    gaps = _gaps(since, lang, _stamp())
    words = WORDS[lang]
    members = Provision.objects.in_bulk([entry for thread in gaps.dormant for entry in thread.entries])
    tables = [  # title, the name column's header (an empty header cell names nothing to a screen reader), rows, header
        (words["themes"], words["themes"], gaps.themes, table_header(gaps, articles=False)),
        (words["articles_long"], words["articles"], gaps.articles, table_header(gaps, articles=True)),
    ]
    context = {
        "gaps": gaps,
        "title": words["title"].format(since=gaps.since),
        "few_rule": words["few_rule"].format(few=FEW),
        "tables": [
            {"title": title, "name": name, "header": header, "rows": [(row, table_cells(row, gaps)) for row in rows]}
            for title, name, rows, header in tables
        ],
        "dormant_title": words["dormant"].format(since=gaps.since, count=len(gaps.dormant)),
        "threads": [(thread, [members[e] for e in thread.entries if e in members]) for thread in gaps.dormant],
        "since_param": "" if since is None else since,
    }
    return render(request, "register/gaps.html", context)


@require_safe
@refuses_bad_parameters(plain=True)
def gap_chart(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_chart(_since(request), interface_language(), _stamp()), content_type="image/svg+xml")
