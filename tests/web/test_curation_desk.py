"""The curation desk (Django admin) for the Secretariat, refused to the public and to focal points, and the
stable addresses of merged-away entries."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from conftest import REC_GIRLS, REC_SUBITEMS, REC_TEN, REC_WITNESSES, Rec, build_document
from tipreg.store.curation.models import CurationEvent
from tipreg.store.curation.records import correct, entry_version, merge
from tipreg.store.labels.models import Correction
from tipreg.store.labels.records import (
    computed_version,
    correct_labels,
    effective_labels,
    item_version,
    label_all,
    label_history,
    plain_values,
)
from tipreg.store.models import Provision
from tipreg.store.writer import store_document
from tipreg.web.reports import accounts

PASSWORD = "correct horse battery staple"
GLUED = Rec("4", f"{REC_WITNESSES.text} {REC_TEN.text}")
ENTRIES = "/admin/store/provision/"


@pytest.fixture
def desk(db):
    store_document(build_document("report9.txt", [REC_GIRLS, REC_TEN, GLUED]))
    accounts.add_state("ESP", "Spain")
    users = {
        "secretariat": accounts.add_user("sec", "secretariat", PASSWORD),
        "focal_point": accounts.add_user("ana", "focal-point", PASSWORD, "ESP"),
    }
    return {name: logged_in(user) for name, user in users.items()} | {"public": browser()}


def browser() -> Client:
    return Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")


def logged_in(user) -> Client:
    client = browser()
    client.force_login(user)
    return client


def entry(number: str) -> Provision:
    return Provision.objects.get(meeting=9, number=number)


def change_form(provision: Provision, **changes: object) -> dict[str, object]:
    """The change form as the admin shows it filled, with some fields changed."""
    data = {
        "seen": entry_version(provision.pk),
        "text": provision.text,
        "number": provision.number or "",
        "subitems": json.dumps(provision.subitems),
        "heading": provision.heading or "",
        "kind": provision.kind,
        "meeting": provision.meeting or "",
        "year": provision.year or "",
    }
    return data | changes


def test_the_secretariat_corrects_an_entry_on_its_page_and_sees_the_history(desk):
    ten = entry("10")
    page = desk["secretariat"].get(f"{ENTRIES}{ten.pk}/change/")
    assert page.status_code == 200 and "No curation yet." in page.content.decode()
    response = desk["secretariat"].post(f"{ENTRIES}{ten.pk}/change/", change_form(ten, number="10 bis", year="2020"))
    assert response.status_code == 302
    fixed = Provision.objects.get(pk=ten.pk)
    assert (fixed.number, fixed.year, fixed.text) == ("10 bis", 2020, REC_TEN.text)
    event = CurationEvent.objects.get()
    assert (event.action, event.author) == ("correct", "sec")
    assert event.before[ten.pk]["number"] == "10" and event.after[ten.pk]["year"] == 2020
    history = desk["secretariat"].get(f"{ENTRIES}{ten.pk}/change/").content.decode()
    assert "number: 10 → 10 bis" in history and "sec" in history


def test_a_bad_correction_is_shown_on_the_form_and_changes_nothing(desk):
    ten = entry("10")
    for changes, message in [
        ({"meeting": "nine"}, "Enter a whole number."),
        ({"kind": "poem"}, "Select a valid choice."),
        ({"subitems": '[{"label": "a"}]'}, "needs a label and a text"),
        ({"text": ""}, "This field is required."),
    ]:
        response = desk["secretariat"].post(f"{ENTRIES}{ten.pk}/change/", change_form(ten, **changes))
        assert response.status_code == 200 and message in response.content.decode()
    assert Provision.objects.get(pk=ten.pk).number == "10" and not CurationEvent.objects.exists()


def test_a_form_drawn_before_another_curators_correction_is_refused_and_keeps_theirs(desk):
    ten = entry("10")
    drawn = change_form(ten, number="10 bis")  # the page as the first curator opened it
    page = desk["secretariat"].get(f"{ENTRIES}{ten.pk}/change/").content.decode()
    assert f'name="seen" value="{drawn["seen"]}"' in page
    fixed_text = "El Grupo de Trabajo debería seguir examinando la indemnización de las víctimas de la trata."
    correct(ten.pk, {"text": fixed_text}, "Ana")  # a second curator, meanwhile
    stale = desk["secretariat"].post(f"{ENTRIES}{ten.pk}/change/", drawn)
    assert stale.status_code == 200 and "the entry was curated meanwhile by Ana" in stale.content.decode()
    kept = Provision.objects.get(pk=ten.pk)
    assert (kept.text, kept.number) == (fixed_text, "10")
    assert [event.author for event in CurationEvent.objects.all()] == ["Ana"]
    again = desk["secretariat"].post(f"{ENTRIES}{ten.pk}/change/", change_form(kept, number="10 bis"))
    assert again.status_code == 302
    assert (Provision.objects.get(pk=ten.pk).text, Provision.objects.get(pk=ten.pk).number) == (fixed_text, "10 bis")


def test_the_secretariat_splits_an_entry_from_its_page(desk):
    glued = entry("4")
    url = f"{ENTRIES}{glued.pk}/split/"
    assert desk["secretariat"].get(url).status_code == 200
    missing = desk["secretariat"].post(url, {"at": "palabras ausentes", "number": "5"})
    assert missing.status_code == 200 and "is not in the entry" in missing.content.decode()
    response = desk["secretariat"].post(url, {"at": "El Grupo de Trabajo deberia seguir", "number": "5"})
    assert response.status_code == 302 and response["Location"].endswith(f"{glued.pk}/change/")
    assert Provision.objects.get(pk=glued.pk).text == REC_WITNESSES.text
    assert entry("5").text == REC_TEN.text
    assert CurationEvent.objects.get().author == "sec"


def test_the_secretariat_merges_the_entries_selected_in_the_list(desk):
    keep, other = entry("10").pk, entry("2").pk
    selected = {"action": "merge_entries", "_selected_action": [keep, other]}
    choose = desk["secretariat"].post(ENTRIES, {**selected, "index": "0"})
    assert choose.status_code == 200 and f'value="{other}"' in choose.content.decode()
    assert Provision.objects.filter(pk__in=[keep, other]).count() == 2  # nothing merged before the choice
    done = desk["secretariat"].post(ENTRIES, {**selected, "keep": keep})
    assert done.status_code == 302
    assert not Provision.objects.filter(pk=other).exists()
    assert entry("10").sources.count() == 2
    assert (CurationEvent.objects.get().action, CurationEvent.objects.get().author) == ("merge", "sec")


def labels_form(item: int, seen: int, computed: int, **fields: object) -> dict[str, object]:
    """One item's form on the labels page as posted, prefixed as the page names its fields."""
    drawn = {"item": str(item), f"item{item}-seen": str(seen), f"item{item}-computed": str(computed)}
    return drawn | {f"item{item}-{name}": v for name, v in fields.items()}


def shown_values(entry_id: str, field: str, path: str = "") -> list[tuple[str, str]]:
    return [(label["value"], label["method"]) for label in effective_labels(entry_id, path)[field]]


def test_the_secretariat_corrects_and_confirms_labels_on_the_labels_page(desk):
    ten = entry("10").pk
    url = f"{ENTRIES}{ten}/labels/"
    assert f'href="{url}"' in desk["secretariat"].get(f"{ENTRIES}{ten}/change/").content.decode()
    page = desk["secretariat"].get(url).content.decode()
    assert "The entry" in page and "Compensation and remedies" in page and "rule:" in page
    posted = desk["secretariat"].post(
        url,
        labels_form(
            0,
            seen=0,
            computed=computed_version(ten),
            themes=["protection.compensation", "partnership.data"],
            addressees=["working_group"],
            strength="4",
            confirm=["addressees"],
        ),
        follow=True,
    )
    assert "Recorded for the entry: Themes corrected, Addressed to confirmed." in posted.content.decode()
    assert shown_values(ten, "themes") == [
        ("protection.compensation", "curator:sec"),
        ("partnership.data", "curator:sec"),
    ]
    assert shown_values(ten, "addressees") == [("working_group", "curator:sec")]
    assert effective_labels(ten)["strength"]["method"].startswith("rule:")  # unchanged, unconfirmed: not recorded
    label_all()
    assert shown_values(ten, "themes")[1] == ("partnership.data", "curator:sec")
    assert "corrected by sec" in desk["secretariat"].get(url).content.decode()


def test_the_labels_page_takes_a_field_back_to_its_computed_labels(desk):
    ten = entry("10").pk
    computed = effective_labels(ten)["themes"]
    correct_labels(ten, {"themes": ["partnership.data"]}, "Ana")
    url = f"{ENTRIES}{ten}/labels/"
    current = plain_values(effective_labels(ten))
    form = labels_form(0, seen=item_version(ten), computed=computed_version(ten), **current, computed_again=["themes"])
    posted = desk["secretariat"].post(url, {**form, "item0-strength": str(current["strength"])}, follow=True)
    assert "Recorded for the entry: Themes back to the computed labels." in posted.content.decode()
    assert effective_labels(ten)["themes"] == computed
    assert label_history(ten)[-1].back_to_computed and label_history(ten)[-1].author == "sec"
    assert "(back to the computed labels)" in posted.content.decode()


def test_the_labels_page_corrects_a_sub_item(db):
    store_document(build_document("report9.txt", [REC_SUBITEMS]))
    three = entry("3").pk
    client = logged_in(accounts.add_user("sec", "secretariat", PASSWORD))
    page = client.get(f"{ENTRIES}{three}/labels/").content.decode()
    paths = [part.split('"', 1)[0] for part in page.split('data-path="')[1:]]
    assert paths == ["", "a", "a.i", "a.ii", "b"]
    current = effective_labels(three, "a.ii")
    form = labels_form(
        3,
        seen=0,
        computed=computed_version(three, "a.ii"),
        themes=[label["value"] for label in current["themes"]],
        addressees=[label["value"] for label in current["addressees"]],
        strength="1",
    )
    assert client.post(f"{ENTRIES}{three}/labels/", form).status_code == 302
    assert [(c.path, c.field, c.value, c.author) for c in Correction.objects.all()] == [("a.ii", "strength", 1, "sec")]
    client.cookies["django_language"] = "es"
    spanish = client.get(f"{ENTRIES}{three}/labels/").content.decode()
    assert "Subapartado a.ii" in spanish and "Confirmar tal como están" in spanish
    assert "1 — opción (tal vez deseen) <small>(corregida por sec · 1,00)</small>" in spanish


def test_a_stale_or_empty_labels_form_records_nothing_and_says_why(desk):
    ten = entry("10").pk
    url = f"{ENTRIES}{ten}/labels/"
    seen = item_version(ten)
    correct_labels(ten, {"groups": ["women"]}, "Ana")  # another curator, after the page was drawn
    stale = desk["secretariat"].post(
        url, labels_form(0, seen, computed_version(ten), groups=["children"], strength="4"), follow=True
    )
    assert "the labels were corrected meanwhile by Ana" in stale.content.decode()
    assert shown_values(ten, "groups") == [("women", "curator:Ana")]
    unchanged = labels_form(
        0,
        seen=item_version(ten),
        computed=computed_version(ten),
        themes=[value for value, _ in shown_values(ten, "themes")],
        addressees=["working_group"],
        groups=["women"],
        strength="4",
    )
    nothing = desk["secretariat"].post(url, unchanged, follow=True)
    assert "Nothing to record for the entry" in nothing.content.decode()
    removed = desk["secretariat"].post(url, {**unchanged, "item0-strength": ""})
    assert removed.status_code == 200 and "Choose a strength" in removed.content.decode()
    assert Correction.objects.count() == 1


def test_a_labels_form_drawn_before_another_curator_corrected_the_text_records_nothing(desk):
    ten = entry("10").pk
    url = f"{ENTRIES}{ten}/labels/"
    drawn = plain_values(effective_labels(ten))  # compensation, the Working Group: the text as first read
    seen, computed = item_version(ten), computed_version(ten)
    assert f'name="item0-computed" value="{computed}"' in desk["secretariat"].get(url).content.decode()
    text = "Los Estados partes deberían prestar asistencia jurídica gratuita a las mujeres víctimas de la trata."
    correct(ten, {"text": text}, "Ana")  # another curator, after the page was drawn: the labels are computed again
    relabelled = plain_values(effective_labels(ten))
    assert relabelled["addressees"] == ["states_parties"] and relabelled["groups"] == ["women"]
    # The first curator only ticks "confirm the strength"; every other field is posted as the page showed it.
    as_shown = {field: drawn[field] for field in ("themes", "addressees", "groups")}
    stale = labels_form(0, seen, computed, **as_shown, strength=str(drawn["strength"]), confirm=["strength"])
    answer = desk["secretariat"].post(url, stale, follow=True).content.decode()
    assert "the labels were computed again meanwhile" in answer
    assert not Correction.objects.exists() and plain_values(effective_labels(ten)) == relabelled
    label_all()  # a relabelling computes them again too
    assert "computed again" in desk["secretariat"].post(url, stale, follow=True).content.decode()
    assert not Correction.objects.exists()


@pytest.mark.parametrize("who", ["public", "focal_point"])
def test_the_public_and_focal_points_cannot_curate(desk, who):
    client = desk[who]
    ten, glued = entry("10"), entry("4")
    pages = (f"{ENTRIES}{ten.pk}/change/", f"{ENTRIES}{glued.pk}/split/", f"{ENTRIES}{ten.pk}/labels/")
    for url in (ENTRIES, *pages, "/admin/curation/curationevent/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
    client.post(f"{ENTRIES}{ten.pk}/change/", change_form(ten, number="99"))
    client.post(f"{ENTRIES}{glued.pk}/split/", {"at": "El Grupo de Trabajo", "number": "5"})
    client.post(f"{ENTRIES}{ten.pk}/labels/", labels_form(0, seen=0, computed=0, groups=["women"], strength="4"))
    client.post(ENTRIES, {"action": "merge_entries", "_selected_action": [ten.pk, glued.pk], "keep": ten.pk})
    assert Provision.objects.count() == 3 and entry("10").number == "10"
    assert not CurationEvent.objects.exists() and not Correction.objects.exists()


def test_nobody_adds_or_deletes_entries_or_rewrites_the_history(desk):
    ten = entry("10")
    secretariat = desk["secretariat"]
    assert secretariat.get(f"{ENTRIES}add/").status_code == 403
    assert secretariat.get(f"{ENTRIES}{ten.pk}/delete/").status_code == 403
    gone = entry("2").pk
    merge(ten.pk, gone, "M. Curator")
    event = CurationEvent.objects.get()
    assert secretariat.get("/admin/curation/curationevent/").status_code == 200
    assert gone in secretariat.get(f"/admin/curation/redirect/{gone}/change/").content.decode()
    assert (
        f"merged {gone} into {ten.pk}"
        in secretariat.get(f"/admin/curation/curationevent/{event.pk}/change/").content.decode()
    )
    assert secretariat.post(f"/admin/curation/curationevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert CurationEvent.objects.count() == 1


def test_a_merged_away_entrys_desk_pages_lead_to_the_kept_entrys(desk):
    keep, gone = entry("10").pk, entry("2").pk
    merge(keep, gone, "M. Curator")
    for page in ("change", "labels", "split"):
        moved = desk["secretariat"].get(f"{ENTRIES}{gone}/{page}/")
        assert moved.status_code == 302 and moved["Location"] == f"{ENTRIES}{keep}/{page}/", page
    shown = desk["secretariat"].get(f"{ENTRIES}{gone}/change/", follow=True).content.decode()
    assert f"Entry {gone} was merged into this one, {keep}." in shown and "Perhaps it was deleted?" not in shown
    assert desk["secretariat"].get(f"{ENTRIES}rec-m09-missing/labels/").status_code == 404
    assert desk["public"].get(f"{ENTRIES}{gone}/labels/")["Location"].startswith("/admin/login/")


def test_a_merged_away_address_leads_to_the_kept_entry(desk):
    keep, gone = entry("10").pk, entry("2").pk
    merge(keep, gone, "M. Curator")
    page = desk["public"].get(f"/provisions/{gone}")
    assert page.status_code == 301 and page["Location"] == f"/provisions/{keep}"
    assert desk["public"].get(page["Location"]).status_code == 200
    api = desk["public"].get(f"/api/provisions/{gone}")
    assert api.status_code == 301 and api["Location"] == f"/api/provisions/{keep}"
    assert api.json()["error"]["message"] == f"{gone} was merged into {keep}"
    assert desk["public"].get(api["Location"]).json()["id"] == keep
    similar = desk["public"].get(f"/api/provisions/{gone}/similar", {"limit": "3"})
    assert similar.status_code == 301 and similar["Location"] == f"/api/provisions/{keep}/similar?limit=3"
    assert desk["public"].get(similar["Location"]).json()["id"] == keep
    assert desk["public"].get("/provisions/rec-m09-unknown").status_code == 404


def test_the_desk_names_its_sections_and_models_in_the_interfaces_language(desk):
    spanish = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="es")
    spanish.force_login(accounts.add_user("sec2", "secretariat", PASSWORD))
    page = spanish.get("/admin/").content.decode()
    for name in (
        "Curación de las entradas del registro",
        "Entradas del registro",
        "Informes de aplicación",
        "Coordinadores nacionales",
        "Períodos de presentación de informes",
        "Archivos justificativos",
    ):
        assert name in page, name
    assert "Curation of register entries" not in page and "Focal points" not in page
    assert "Curation of register entries" in desk["secretariat"].get("/admin/").content.decode()


def label_history_rows(page: str) -> list[tuple[str, ...]]:
    """The labels page's history table: (when, who, item, label, before → after) per row."""
    section = page.split('id="label-history"')[1].split("</section>")[0]
    cells = r"<tr><td>(.*?)</td><td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td></tr>"
    return re.findall(cells, section)


def test_the_labels_page_lists_who_corrected_which_label_when_from_what_to_what(desk):
    ten = entry("10").pk
    url = f"{ENTRIES}{ten}/labels/"
    assert "No confirmation or correction yet." in desk["secretariat"].get(url).content.decode()
    correct_labels(ten, {"groups": ["women"]}, "Ana")
    correct_labels(ten, {"groups": ["women", "children"], "addressees": None}, "Luis")
    rows = label_history_rows(desk["secretariat"].get(url).content.decode())
    assert [row[1:] for row in rows] == [
        ("Ana", "The entry", "Groups concerned", "— → women"),
        ("Luis", "The entry", "Groups concerned", "women → women; children"),
        ("Luis", "The entry", "Addressed to", "the Working Group (confirmed)"),
    ]
    first = Correction.objects.order_by("id").first()
    assert rows[0][0] == first.created_at.strftime("%Y-%m-%d %H:%M")
    assert len(rows) == len(label_history(ten))  # the service `tipreg label --history` prints
    spanish = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="es")
    spanish.force_login(accounts.add_user("sec2", "secretariat", PASSWORD))
    page = spanish.get(url).content.decode()
    assert "Historial de las etiquetas" in page and "Antes → después" in page
    rows = label_history_rows(page)
    assert rows[1][2:] == ("La entrada", "Grupos afectados", "mujeres → mujeres; niños")
    assert rows[2][4].endswith("(confirmadas)")


def test_the_label_history_gives_each_items_value_before_the_correction(db):
    store_document(build_document("report9.txt", [REC_SUBITEMS]))
    three = entry("3").pk
    computed = effective_labels(three, "a.ii")["strength"]["value"]
    correct_labels(three, {"strength": 1}, "Ana", "a.ii")
    correct_labels(three, {"strength": 2}, "Luis", "a.ii")
    correct_labels(three, {"groups": ["women"]}, "Ana")
    history = label_history(three, "a.ii")
    assert [(c.path, c.before, c.after, c.author) for c in history] == [
        ("a.ii", computed, 1, "Ana"),
        ("a.ii", 1, 2, "Luis"),
    ]
    assert [(c.path, c.field) for c in label_history(three)][-1] == ("", "groups")


def test_an_entrys_page_and_the_history_name_fields_and_acts_in_the_interfaces_language(desk):
    ten = entry("10")
    correct(ten.pk, {"number": "10 bis"}, "sec")
    spanish = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="es")
    spanish.force_login(accounts.add_user("sec2", "secretariat", PASSWORD))
    page = spanish.get(f"{ENTRIES}{ten.pk}/change/").content.decode()
    labels = re.findall(r"<label[^>]*>(.*?):</label>", page)
    assert labels[:9] == [
        "Identificador",
        "Texto",
        "Número",
        "Subapartados",
        "Encabezado",
        "Tipo de entrada",
        "Reunión",
        "Año",
        "Texto tal como se publicó",
    ]
    assert "<td>corrección</td><td>sec</td><td>número: 10 → 10 bis</td>" in page
    assert '<option value="recommendation" selected>recomendación</option>' in page
    listed = spanish.get("/admin/curation/curationevent/").content.decode()
    assert "Cuándo" in listed and "Autor" in listed and '<td class="field-action">corrección</td>' in listed
    assert "Provision id" not in listed and "Number" not in spanish.get(ENTRIES).content.decode()
    event = CurationEvent.objects.get()
    shown = spanish.get(f"/admin/curation/curationevent/{event.pk}/change/")
    labels = re.findall(r"<label[^>]*>(.*?):</label>", shown.content.decode())
    assert shown.status_code == 200 and labels == ["Cuándo", "Acto", "Entrada", "Otra entrada", "Autor", "Qué cambió"]
    assert "número: 10 → 10 bis" in shown.content.decode() and "&quot;text_original&quot;" not in shown.content.decode()


def test_the_label_history_keeps_the_corrections_of_a_sub_item_since_removed(db):
    store_document(build_document("report9.txt", [REC_SUBITEMS]))
    three = entry("3")
    correct_labels(three.pk, {"strength": 1}, "Ana", "b")
    correct(three.pk, {"subitems": three.subitems[:1]}, "sec")  # b is gone
    assert [(c.path, c.after, c.author) for c in label_history(three.pk)] == [("b", 1, "Ana")]
    client = logged_in(accounts.add_user("sec", "secretariat", PASSWORD))
    page = client.get(f"{ENTRIES}{three.pk}/labels/")
    assert page.status_code == 200
    assert [row[1:4] for row in label_history_rows(page.content.decode())] == [
        ("Ana", "Sub-item b", "Strength of the language")
    ]
