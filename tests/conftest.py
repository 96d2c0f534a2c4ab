"""Fresh registers (temporary SQLite files, or PostgreSQL databases), and processed documents built by hand.

With TIPREG_TEST_POSTGRES set to a server URL (postgresql://postgres@127.0.0.1:5432/postgres), every
register a test asks for with `new_register` is a new database on that server, dropped at the end:
`scripts/test` runs the register's tests that way too, against a real PostgreSQL.

The hand-built documents carry what the pipeline would make of real Working Group texts: accented
Spanish, OCR damage in the original text, nested sub-items, meeting numbers, exact spans.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from registers import drop_created_registers, new_register
from tipreg.model import CleanText, Document, DocumentMeta, Note, Provision, ReadResult, SubItem
from tipreg.store import init_django, setup


@dataclass
class Rec:
    """One provision to print into a hand-built document."""

    number: str
    text: str  # repaired
    original: str | None = None  # as printed; the repaired text when None
    subitems: list[SubItem] = field(default_factory=list)
    meeting: int | None = 9
    year: int | None = 2019
    kind: str = "recommendation"
    heading: str | None = "A. Recomendaciones generales"


REC_WITNESSES = Rec(
    "1",
    "Los Estados partes deberían tratar de cooperar eficazmente con los proveedores de servicios de asistencia a "
    "las víctimas y examinar la posibilidad de elaborar medidas más estrictas de protección de testigos.",
)
REC_GIRLS = Rec(
    "2",
    "Los Estados partes deberían prestar especial atención a las necesidades de las niñas y los niños víctimas de "
    "la trata de personas, incluidas las de protección y asistencia adaptadas a su edad y su género.",
    original="Los Estados partes deberian prestar especial atencion a las necesidades de las nifias y los nifios "
    "victimas de la trata de personas, incluidas las de proteccion y asistencia adaptadas a su edad y su genero.",
)
REC_SUBITEMS = Rec(
    "3",
    "Se alienta a los Estados partes a que adopten medidas como las siguientes: a) reforzar la capacidad de los "
    "organismos encargados de hacer cumplir la ley: i) en la investigación financiera; ii) en la cooperación "
    "internacional; b) realizar campañas de sensibilización sobre el trabajo forzoso.",
    subitems=[
        SubItem(
            "a",
            "reforzar la capacidad de los organismos encargados de hacer cumplir la ley:",
            "reforzar la capacidad de los organismos encargados de hacer cumplir la ley:",
            [
                SubItem("i", "en la investigación financiera;", "en la investigacion financiera;"),
                SubItem("ii", "en la cooperación internacional;", "en la cooperacion internacional;"),
            ],
        ),
        SubItem("b", "realizar campañas de sensibilización sobre el trabajo forzoso.", "realizar campafias de..."),
    ],
)
REC_TEN = Rec(
    "10",
    "El Grupo de Trabajo debería seguir examinando la cuestión de la indemnización a las víctimas de la trata.",
)


def build_document(
    file: str,
    recs: list[Rec],
    *,
    type: str = "meeting_report",
    meeting: int | None = 9,
    year: int | None = 2019,
    symbol: str | None = "CTOC/COP/WG.4/2019/5",
    language: str = "es",
    label: str = "Recomendación",
) -> Document:
    """A processed document whose text prints `recs` under their numbers; spans index that text."""
    text = f"{symbol or ''}\n\nInforme sobre la reunión del Grupo de Trabajo sobre la Trata de Personas\n\n"
    provisions = []
    for rec in recs:
        text += f"{label} {rec.number}\n\n"
        original = rec.original or rec.text
        start = len(text)
        text += original + "¹\n\n"
        provisions.append(
            Provision(
                kind=rec.kind,
                number=rec.number,
                meeting=rec.meeting,
                year=rec.year,
                heading=rec.heading,
                text=rec.text,
                text_original=original,
                span=(start, start + len(original)),
                subitems=rec.subitems,
                repairs=int(rec.original is not None),
            )
        )
    note_start = len(text)
    text += "¹ Véase CTOC/COP/WG.4/2009/2, párr. 17."
    data = text.encode()
    source = ReadResult(
        file=file,
        path=f"/corpus/{file}",
        format="txt",
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
    meta = DocumentMeta(type, language, "2019-09-25", meeting, year, symbol, "Informe sobre la reunión")
    notes = [Note("1", text[note_start + 2 :], note_start, len(text))]
    return Document(source, meta, CleanText(blocks=[], notes=notes), provisions)


FAMILY = Path(__file__).parent / "fixtures" / "family"
HEADING = "A. Recomendaciones"
# Real recommendations of the sample register (CTOC/COP/WG.4 reports), Spanish, for the semantic search tests.
REFLECTION = Rec(
    "24",
    "Los Estados partes deberían estudiar la posibilidad de conceder un período de tiempo suficiente durante el "
    "cual las víctimas puedan recibir asistencia adecuada para decidir acerca de su posible cooperación con las "
    "autoridades de represión y su participación en un proceso judicial.",
    meeting=4,
    year=2012,
    heading=HEADING,
)
VICTIM_CENTRED = Rec(
    "2",
    "Con respecto a la formulación de una respuesta amplia y de dimensiones múltiples a la trata de personas, los "
    "Estados partes deberían aplicar un enfoque centrado en las víctimas, con pleno respeto de sus derechos humanos.",
    meeting=2,
    year=2010,
    heading=HEADING,
)
WITNESSES = Rec(
    "14",
    "Respecto de la protección de las víctimas que son testigos, los Estados partes deberían garantizar la adopción "
    "de medidas para la protección de las víctimas, entre ellas el suministro de un alojamiento temporal y seguro y "
    "procedimientos de protección de los testigos, cuando proceda.",
    meeting=1,
    year=2009,
    heading=HEADING,
)
TRUST_FUND = Rec(
    "30",
    "Los Estados partes que aún no hayan hecho contribuciones al fondo fiduciario de contribuciones voluntarias de las "
    "Naciones Unidas para las víctimas de la trata de personas, especialmente mujeres y niños, deberían considerar la "
    "posibilidad de hacerlo.",
    meeting=4,
    year=2012,
    heading=HEADING,
)
COMPENSATION = Rec(
    "13",
    "Respecto de la indemnización a las víctimas de la trata de personas, los Estados partes deberían estudiar la "
    "posibilidad de establecer procedimientos apropiados que permitan a las víctimas obtener indemnización y "
    "restitución.",
    meeting=1,
    year=2009,
    heading=HEADING,
)


def store_spanish_and_english() -> None:
    """Five of those Spanish recommendations and the English texts of tests/fixtures/family: 20 entries."""
    from tipreg.pipeline import process_file
    from tipreg.store.writer import store_document

    for meeting, recs in ((4, [REFLECTION, TRUST_FUND]), (2, [VICTIM_CENTRED]), (1, [WITNESSES, COMPENSATION])):
        store_document(build_document(f"report{meeting}.txt", recs, meeting=meeting, symbol=f"CTOC/COP/WG.4/{meeting}"))
    for path in sorted(FAMILY.glob("en_*.txt")):
        store_document(process_file(path))


def name_unless_poison(path: Path) -> str:
    """A worker's job that kills its process on one file, as a crashing reader library would.

    Here, not in a test module: worker processes import it, and test modules need Django set up.
    """
    if path.name == "poison.pdf":
        os._exit(1)
    return path.name


def pytest_configure(config: pytest.Config) -> None:
    init_django()  # test modules import the store's models
    # Ingestion embeds every new entry by default (40 s for the sample corpus on 2 cores): off for the suite,
    # on in the tests of semantic search, which ask for it (embed=True, --embed) on registers they share.
    os.environ["TIPREG_EMBED"] = "0"


def pytest_sessionfinish(session: pytest.Session) -> None:
    from django.db import connections

    connections.close_all()
    drop_created_registers()


@pytest.fixture(scope="session")
def embedded_sample(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled sample corpus (327 entries) ingested with embedding on, as outside the tests: once a session,
    about 40 s on 2 cores. Read-only for the tests that use it."""
    from tipreg import services
    from tipreg.corpus import sample_dir

    target = new_register(tmp_path_factory.mktemp("embedded"), "sample")
    report = services.ingest_paths([sample_dir()], target, progress=False, embed=True)
    assert not report.failed and report.embedding_error is None
    return target


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh register, set up and migrated; TIPREG_DB points at it."""
    target = new_register(tmp_path)
    monkeypatch.setenv("TIPREG_DB", target)  # restored after the test, though setup() sets it too
    setup(target)
    return target
