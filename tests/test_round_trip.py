"""The register reads back what it publishes: a compilation `tipreg publish` writes, in every format and in both
languages of its headings, is read by the pipeline (as another office's register, or this one, would ingest it) as
the same recommendations: by meeting and number, with the same text, sub-items and notes.

The register is ingested from a compilation as the Secretariat prints it (the sample's file 002): numbers as
adopted, sub-items with nested sub-items, note calls in the text and in a sub-item, several meetings and the third,
which holds no recommendation. Each file is published once (the PDF is the slow one) and read in its own test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from registers import new_register
from tipreg import services
from tipreg.normalize.markers import SUPERSCRIPT_TO_DIGIT
from tipreg.pipeline import process_file
from tipreg.publish import publish

SOURCE = """\
Recomendaciones aprobadas por el Grupo de Trabajo sobre la Trata de Personas en sus cuatro primeras reuniones

Documento de antecedentes preparado por la Secretaría

I. Primera reunión: Viena, 14 y 15 de abril de 2009

1. Los Estados que no lo hayan hecho aún deberían pasar a ser partes en la Convención de las Naciones Unidas contra \
la Delincuencia Organizada Transnacional¹ y en el Protocolo contra la Trata de Personas.

2. Respecto de la capacitación, los Estados partes deberían:
 - a) reforzar la capacidad de los organismos encargados de hacer cumplir la ley:
   - i) en la investigación financiera;
   - ii) en la cooperación internacional;
 - b) aplicar los Principios y Directrices Recomendados sobre los Derechos Humanos y la Trata de Personas² a las \
víctimas.

¹ Naciones Unidas, *Treaty Series*, vol. 2225, núm. 39574.

² E/2002/68/Add.1.

II. Segunda reunión: Viena, 27 a 29 de enero de 2010

4. La Secretaría debería seguir reuniendo información sobre las buenas prácticas de los Estados en la \
identificación de las víctimas.

7. Los Estados partes deberían considerar la posibilidad de no sancionar ni enjuiciar a las víctimas de la trata \
de personas por los actos ilegales cometidos como consecuencia directa de su situación.

III. Tercera reunión: Viena, 19 de octubre de 2010

El Grupo de Trabajo sobre la Trata de Personas hizo suyas las recomendaciones propuestas durante su tercera \
reunión posteriormente, en su cuarta reunión, celebrada del 10 al 12 de octubre de 2011.

IV. Cuarta reunión: Viena, 10 a 12 de octubre de 2011

1. Los Estados partes deberían prestar especial atención a las necesidades de las niñas y los niños víctimas de \
la trata de personas, incluidas las de protección y asistencia adaptadas a su edad y su género³.

2. El Grupo de Trabajo debería seguir examinando la cuestión de la indemnización a las víctimas de la trata en \
su próxima reunión.

³ Véase el informe del Grupo de Trabajo sobre su cuarta reunión (CTOC/COP/WG.4/2011/8), párr. 17.
"""
TRAINING = "Respecto de la capacitación, los Estados partes deberían:"
CAPACITY = "reforzar la capacidad de los organismos encargados de hacer cumplir la ley:"
FINANCIAL, INTERNATIONAL = "en la investigación financiera;", "en la cooperación internacional;"
GUIDELINES = "aplicar los Principios y Directrices Recomendados sobre los Derechos Humanos y la Trata de Personas a las víctimas."
# (meeting, number) → text (sub-items included, as the register holds it), sub-items [(label, text, nested)], notes
RECOMMENDATIONS = {
    (1, "1"): (
        "Los Estados que no lo hayan hecho aún deberían pasar a ser partes en la Convención de las Naciones Unidas "
        "contra la Delincuencia Organizada Transnacional y en el Protocolo contra la Trata de Personas.",
        [],
        ["Naciones Unidas, Treaty Series, vol. 2225, núm. 39574."],
    ),
    (1, "2"): (
        f"{TRAINING} a) {CAPACITY} i) {FINANCIAL} ii) {INTERNATIONAL} b) {GUIDELINES}",
        [("a", CAPACITY, [("i", FINANCIAL, []), ("ii", INTERNATIONAL, [])]), ("b", GUIDELINES, [])],
        ["E/2002/68/Add.1."],
    ),
    (2, "4"): (
        "La Secretaría debería seguir reuniendo información sobre las buenas prácticas de los Estados en la "
        "identificación de las víctimas.",
        [],
        [],
    ),
    (2, "7"): (
        "Los Estados partes deberían considerar la posibilidad de no sancionar ni enjuiciar a las víctimas de la trata "
        "de personas por los actos ilegales cometidos como consecuencia directa de su situación.",
        [],
        [],
    ),
    (4, "1"): (
        "Los Estados partes deberían prestar especial atención a las necesidades de las niñas y los niños víctimas de "
        "la trata de personas, incluidas las de protección y asistencia adaptadas a su edad y su género.",
        [],
        ["Véase el informe del Grupo de Trabajo sobre su cuarta reunión (CTOC/COP/WG.4/2011/8), párr. 17."],
    ),
    (4, "2"): (
        "El Grupo de Trabajo debería seguir examinando la cuestión de la indemnización a las víctimas de la trata en "
        "su próxima reunión.",
        [],
        [],
    ),
}
# A meeting the register knows from its report alone, without place or dates: the compilation heads it with its year
# ("Novena reunión (2019)"), and that heading is a meeting's section too.
REPORT = """\
CTOC/COP/WG.4/2019/5

Informe sobre la reunión del Grupo de Trabajo sobre la Trata de Personas

I. Recomendaciones

1. Los Estados partes deberían reunir datos desglosados por sexo y edad sobre las víctimas de la trata de personas.

II. Organización de la reunión

2. El Grupo de Trabajo sobre la Trata de Personas celebró su novena reunión en 2019.
"""
DATA = (
    "Los Estados partes deberían reunir datos desglosados por sexo y edad sobre las víctimas de la trata de personas."
)
PUBLISHED = {**RECOMMENDATIONS, (9, "1"): (DATA, [], [])}
FORMATS = ("md", "html", "docx", "pdf")
LANGUAGES = ("es", "en")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The source compilation ingested into a register, and that register's compilation in every format and
    language: (format, language) → the file."""
    folder = tmp_path_factory.mktemp("round-trip")
    source, report9 = folder / "compilation.txt", folder / "report9.txt"
    source.write_text(SOURCE, encoding="utf-8")
    report9.write_text(REPORT, encoding="utf-8")
    register = new_register(folder)
    report = services.ingest_paths([source, report9], register, progress=False)
    assert not report.failed
    files = {}
    for output in FORMATS:
        for lang in LANGUAGES:
            files[output, lang] = folder / f"compilation-{lang}.{output}"
            publish("compilation", output, files[output, lang], lang, register)
    return {"source": source, **files}


def recommendations(path: Path) -> dict[tuple[int | None, str | None], tuple[str, list, list[str]]]:
    """What the pipeline reads in the file: each recommendation's text, sub-items and notes' texts (their italics'
    asterisks left out: a Markdown note keeps them, the other formats set italics apart from the text)."""
    document = process_file(path)
    assert document.meta.type == "compilation"
    notes = {note.label.translate(SUPERSCRIPT_TO_DIGIT): note.text.replace("*", "") for note in document.clean.notes}
    read = {}
    for provision in document.provisions:
        assert provision.kind == "recommendation" and (provision.meeting, provision.number) not in read
        cited = [notes.get(label) for label in provision.notes]
        read[provision.meeting, provision.number] = (provision.text, _tree(provision.subitems), cited)
    return read


def _tree(items: list) -> list:
    return [(item.label, item.text, _tree(item.subitems)) for item in items]


def test_the_source_compilation_reads_as_the_recommendations_the_register_publishes(published):
    assert recommendations(published["source"]) == RECOMMENDATIONS


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("output", FORMATS)
def test_a_published_compilation_reads_back_as_the_same_recommendations(published, output, lang):
    assert recommendations(published[output, lang]) == PUBLISHED
