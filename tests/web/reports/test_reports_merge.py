"""A curator's merge of two entries takes their implementation reports along, or is refused."""

from __future__ import annotations

import pytest

from registers import new_register
from tipreg.store import setup
from web.reports.conftest import edit_url, logged_in

KEPT, MERGED = "R-1", "R-1-copy"  # one recommendation that ingestion made into two entries
TEXT = "Los Estados partes deberían ofrecer indemnización a las víctimas de la trata."


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> str:
    """This module's own register: `people` (conftest) sets its States and users up on it."""
    from tipreg.store.labels.records import label_entries
    from tipreg.store.models import Provision

    target = setup(new_register(tmp_path_factory.mktemp("merge"), "merge"))
    for provision_id in (KEPT, MERGED):
        Provision.objects.create(
            id=provision_id, kind="recommendation", meeting=2, text=TEXT, text_original=TEXT, fingerprint=provision_id
        )
    label_entries([KEPT, MERGED])
    return target


def report_on(people: dict, state: str, provision_id: str, narrative: str):
    from tipreg.web.reports import filing

    return filing.save_report(
        user=people["users"][state],
        provision_id=provision_id,
        state=people[state],
        period=people["period"],
        values={"status": "in_progress", "narrative": narrative, "submitted": True},
        base_version=None,
    )


def test_a_merge_moves_the_reports_to_the_kept_entry(people):
    from tipreg.store.curation.records import merge
    from tipreg.web.reports import filing

    report_on(people, "spain", MERGED, "Ley 4/2026.")
    merge(KEPT, MERGED, "M. Curator")

    from tipreg.web.reports.models import ImplementationReport

    assert list(ImplementationReport.objects.values_list("provision_id", "narrative")) == [(KEPT, "Ley 4/2026.")]
    page = logged_in(people["users"]["spain"]).get(edit_url(people, provision=KEPT))
    assert page.status_code == 200 and "Ley 4/2026." in page.content.decode()
    assert KEPT not in set(filing.to_do(people["spain"], people["period"]).values_list("pk", flat=True))


def test_a_merged_away_entrys_report_page_leads_to_the_kept_entrys_and_a_form_sent_meanwhile_is_saved_there(people):
    from tipreg.store.curation.records import merge
    from tipreg.store.models import Provision
    from tipreg.web.reports.models import ImplementationReport

    copy = "R-1-third-copy"
    Provision.objects.create(id=copy, kind="recommendation", meeting=2, text=TEXT, text_original=TEXT, fingerprint=copy)
    report_on(people, "spain", copy, "Ley 4/2026.")
    merge(KEPT, copy, "M. Curator")
    ana = logged_in(people["users"]["spain"])
    page = ana.get(edit_url(people, provision=copy))
    assert page.status_code == 301 and page["Location"] == edit_url(people, provision=KEPT)
    form = {"status": "implemented", "narrative": "Ley 4/2026, en vigor.", "version": 1, "action": "submit"}
    sent = ana.post(edit_url(people, provision=copy), form)  # the form was open during the merge
    assert sent.status_code == 302 and sent["Location"] == edit_url(people, provision=KEPT)
    report = ImplementationReport.objects.get(state=people["spain"])
    assert (report.provision_id, report.narrative, report.version) == (KEPT, "Ley 4/2026, en vigor.", 2)
    assert ana.get(edit_url(people, provision="NO-SUCH-ENTRY")).status_code == 404


def test_a_file_exported_before_a_merge_updates_the_kept_entrys_report(people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tipreg.store.curation.records import merge
    from tipreg.store.models import Provision
    from tipreg.web.reports.models import ImplementationReport

    copy = "R-1-fourth-copy"
    Provision.objects.create(id=copy, kind="recommendation", meeting=2, text=TEXT, text_original=TEXT, fingerprint=copy)
    report_on(people, "spain", copy, "Ley 4/2026.")
    ana = logged_in(people["users"]["spain"])
    exported = ana.get("/reports/export.csv").content.decode("utf-8-sig")
    merge(KEPT, copy, "M. Curator")
    edited = exported.replace("Ley 4/2026.", "Ley 4/2026 en vigor.").encode()
    answer = ana.post("/reports/import/", {"file": SimpleUploadedFile("reports.csv", edited)})
    assert answer.status_code == 200, answer.content.decode()
    report = ImplementationReport.objects.get(state=people["spain"])
    assert (report.provision_id, report.narrative, report.version) == (KEPT, "Ley 4/2026 en vigor.", 2)


def test_the_write_api_finds_a_merged_away_entrys_report_on_the_kept_entry(people):
    import json

    from tipreg.store.curation.records import merge
    from tipreg.store.models import Provision
    from tipreg.web.reports.tokens import create_token
    from web.reports.conftest import anonymous

    copy = "R-1-fifth-copy"
    Provision.objects.create(id=copy, kind="recommendation", meeting=2, text=TEXT, text_original=TEXT, fingerprint=copy)
    report_on(people, "spain", copy, "Ley 4/2026.")
    merge(KEPT, copy, "M. Curator")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token('ana', 'tests')[1]}"}
    url = f"/api/reports/ESP/2026/{copy}"
    read = anonymous().get(url, **auth)
    assert read.status_code == 200 and read.json()["recommendation"] == KEPT
    body = json.dumps({"status": "implemented", "narrative": "En vigor.", "version": 1})
    written = anonymous().put(url, body, content_type="application/json", **auth)
    assert written.status_code == 200 and (written.json()["recommendation"], written.json()["version"]) == (KEPT, 2)
    assert anonymous().get("/api/reports/ESP/2026/NO-SUCH", **auth).status_code == 404


def test_a_merge_that_would_give_a_state_two_reports_on_one_recommendation_is_refused(people):
    from tipreg.store.curation.records import CurationError, merge
    from tipreg.store.models import Provision
    from tipreg.web.reports.models import ImplementationReport

    copy = "R-1-second-copy"  # a copy of its own: the test before may have merged MERGED away
    Provision.objects.create(id=copy, kind="recommendation", meeting=2, text=TEXT, text_original=TEXT, fingerprint=copy)
    report_on(people, "peru", KEPT, "Plan nacional.")
    report_on(people, "peru", copy, "Otra cosa.")

    with pytest.raises(CurationError, match="both have reports of PER 2026"):
        merge(KEPT, copy, "M. Curator")
    assert Provision.objects.filter(pk=copy).exists()  # nothing changed
    assert sorted(ImplementationReport.objects.values_list("provision_id", flat=True)) == [KEPT, copy]
