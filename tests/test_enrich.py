"""The enrich rules: labels on hand-written examples, and the measured accuracy on the hand-labelled sets."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tipreg.cli import main
from tipreg.enrich import label_provision, label_text
from tipreg.enrich.evaluate import evaluate, load_set
from tipreg.enrich.theme_model import default_theme_classifier
from tipreg.model import Provision, SubItem

EVAL = Path(__file__).resolve().parents[1] / "eval" / "labels"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Los Estados partes deberán tipificar como delito la trata de personas.", 5),
        ("States parties shall criminalize trafficking in persons.", 5),
        ("Los Estados partes deberían capacitar al personal consular.", 4),
        ("States parties should train consular staff.", 4),
        ("Los Estados partes deberían considerar la posibilidad de capacitar al personal consular.", 3),
        ("Los Estados partes deberían estudiar, cuando proceda, la posibilidad de capacitar al personal.", 3),
        ("States parties should consider training consular staff.", 3),
        ("Se alienta a los Estados partes a que consideren la posibilidad de capacitar al personal.", 2),
        ("States parties are encouraged to train consular staff.", 2),
        ("Los Estados partes tal vez deseen capacitar al personal consular.", 1),
        ("Se podría alentar a los Estados partes a que capacitaran al personal.", 1),
        ("States parties may wish to train consular staff.", 1),
        ("La Secretaría debería publicar documentos sobre conceptos que podrían requerir aclaración.", 4),
        ("Los Estados podrían considerar la posibilidad de capacitar a su personal consular.", 1),
        ("La Conferencia debería considerar todas las opciones para mejorar la reunión de información.", 3),
        ("The Conference should consider all options to improve reporting.", 3),
        # resolution paragraphs (docs/labelling-guide.md, "Resolution paragraphs")
        ("Insta a los Estados Miembros a que tipifiquen como delito la trata de personas.", 4),
        ("Exhorta a los Estados Miembros a que apoyen a las víctimas.", 4),
        ("Solicita al Secretario General que le presente un informe.", 4),
        ("Insta a los Estados a que consideren la posibilidad de adherirse al Protocolo.", 3),
        ("Alienta a los Estados Miembros a que cooperen entre sí.", 2),
        ("Invita a las organizaciones regionales a que participen en las reuniones.", 2),
        (
            "Toma nota con aprecio del informe y observa que se celebró la reunión, y alienta a los Estados a que actúen.",
            2,
        ),
        ("Urges Member States to criminalize trafficking in persons.", 4),
        ("Reaffirms its request to the Secretary-General to support the Commission.", 4),
        ("States parties should explore modalities for strengthening education.", 3),
        ("States parties should consider that reducing demand requires a coordinated response.", 4),
        ("Urges Member States to consider, as a matter of priority, ratifying the Protocol.", 3),
        ("Expresses solidarity with the victims and calls for full respect for their rights.", 4),
        ("Welcomes the meeting and takes note of the requests that such meetings continue to be held.", None),
        ("Invites Member States to contribute to the trust fund.", 2),
        # the means, a long parenthetical, a few words before "la posibilidad", a recommendation to consider
        ("Los Estados partes deberían examinar los medios de garantizar la indemnización.", 3),
        ("States parties should examine means of ensuring compensation.", 3),
        ("States parties should examine existing legislation.", 4),
        (
            "Los Estados partes deberían considerar, de conformidad con su legislación nacional y las facultades "
            "discrecionales del Ministerio Público, la posibilidad de no sancionar a las víctimas.",
            3,
        ),
        (
            "El Grupo de Trabajo recomendó a la Conferencia que, en su séptimo período de sesiones, considerara "
            "iniciar deliberaciones sobre la posibilidad de elaborar un plan de trabajo.",
            3,
        ),
        ("The Working Group recommended that the Conference consider the possibility of a work plan.", 3),
        ("Los Estados partes deberían considerar que la trata es un delito grave y la posibilidad de actuar.", 4),
        ("States parties were encouraged to establish partnerships with the private sector.", 2),
        (
            "The Working Group recommended to the Conference that consideration be given to the possibility of "
            "examining recruitment fees.",
            3,
        ),
        # a recalled provision's "shall" is not the text's main verb
        (
            "Recalling article 30 of the Convention, which provides that States parties shall make concrete "
            "efforts to enhance assistance, Member States are encouraged to provide technical assistance.",
            2,
        ),
        (
            "Recordando el artículo 30 de la Convención, en que se prevé que los Estados partes deberán hacer "
            "esfuerzos concretos, se alienta a los Estados Miembros a que presten asistencia técnica.",
            2,
        ),
    ],
)
def test_strength_follows_the_main_verb(text: str, level: int | None) -> None:
    found = label_text(text).strength
    assert (found.value if found else None) == level


def test_a_resolution_paragraph_that_only_records_has_no_strength_nor_addressee() -> None:
    labels = label_text("Toma nota del informe del Secretario General sobre la aplicación del Plan de Acción Mundial.")
    assert labels.strength is None
    assert labels.values("addressees") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Se alienta a los Estados partes a que cooperen.", ["states_parties"]),
        ("La Secretaría, en consulta con los Estados partes, debería publicar una guía.", ["secretariat"]),
        ("El Grupo de Trabajo recomienda a la Conferencia que examine el tema.", ["conference"]),
        ("Debería solicitarse a la UNODC que realizara una evaluación.", ["secretariat"]),
        (
            "Los Estados partes y las organizaciones internacionales deberían actuar.",
            ["states_parties", "other_bodies"],
        ),
        ("Los Estados Miembros deberían estudiar la posibilidad de crear un relator nacional.", ["member_states"]),
        ("The Working Group should prioritize the following topics.", ["working_group"]),
        ("Debería fomentarse la utilización de asociaciones.", []),
        ("Los Estados podrían considerar la posibilidad de capacitar a su personal.", ["member_states"]),
        ("Las partes deberían considerar la posibilidad de realizar un análisis.", ["states_parties"]),
        ("Los Estados deberían fomentar la cooperación entre las diversas partes interesadas.", ["member_states"]),
        ("El Grupo de Trabajo recomendó a la Conferencia de las Partes que examinara el tema.", ["conference"]),
        (
            "La cuestión de los relatores debería examinarse en futuras reuniones del Grupo de Trabajo.",
            ["working_group"],
        ),
        ("Debería alentarse la coordinación entre las entidades de las Naciones Unidas.", []),
        ("Se alienta a los Estados partes a utilizar la Ley Modelo de la UNODC, entre otras.", ["states_parties"]),
        ("Solicita al Secretario General que presente un informe.", ["secretariat"]),
        (
            "Insta a los Estados Miembros a que actúen, e invita a las organizaciones internacionales a que contribuyan.",
            ["member_states", "other_bodies"],
        ),
        ("Pide que se respeten plenamente los derechos de las víctimas.", []),
        # a requesting verb's coordinated objects, not the phrases that qualify them
        (
            "Exhorta a los Estados Miembros, las organizaciones internacionales, las organizaciones de la sociedad "
            "civil y al sector privado, por medio de asociaciones, a aumentar las actividades de prevención.",
            ["member_states", "other_bodies"],
        ),
        (
            "Invita a la UNODC, en su calidad de coordinadora del Grupo Interinstitucional, y a otros organismos "
            "pertinentes del sistema de las Naciones Unidas a que sigan reforzando sus actividades.",
            ["secretariat", "other_bodies"],
        ),
        ("Insta a los Estados Miembros, en consulta con la Secretaría, a que actúen.", ["member_states"]),
        ("National rapporteurs should be discussed at future meetings of the Working Group.", ["working_group"]),
        ("Reaffirms its request to the Secretary-General to support the Commission.", ["secretariat"]),
        ("Encourages the United Nations Office on Drugs and Crime to collaborate.", ["secretariat"]),
        (
            "The Working Group endorsed the recommendations, which had been proposed by the Chair of the Working "
            "Group: (a) States parties should act.",
            ["states_parties"],
        ),
        (
            "Calls upon Member States, international organizations and civil society to act.",
            ["member_states", "other_bodies"],
        ),
        ("States parties were encouraged to exchange information.", ["states_parties"]),
        ("Parties should consider conducting an analysis of their coordination mechanisms.", ["states_parties"]),
        (
            "Recalling article 30 of the Convention, which provides that States parties shall make concrete "
            "efforts, Member States are encouraged to provide technical assistance.",
            ["member_states"],
        ),
        # the actor of a relative clause is not the subject of an impersonal main clause
        (
            "With regard to the concepts on which States parties may require clarification, the following should "
            "be noted.",
            [],
        ),
    ],
)
def test_addressee_is_who_must_act(text: str, expected: list[str]) -> None:
    assert label_text(text).values("addressees") == expected


def test_sub_items_inherit_addressee_and_strength_and_lower_it_for_consider() -> None:
    provision = Provision(
        kind="recommendation",
        number="7",
        meeting=1,
        year=2009,
        heading=None,
        text="Los Estados partes deberían: a) iniciar campañas de sensibilización; b) estudiar la posibilidad de "
        "conceder indemnización a las víctimas.",
        text_original="",
        span=(0, 0),
        subitems=[
            SubItem("a", "iniciar campañas de sensibilización;", ""),
            SubItem("b", "estudiar la posibilidad de conceder indemnización a las víctimas.", ""),
        ],
    )
    labels = label_provision(provision)
    assert list(labels) == ["", "a", "b"]
    assert labels["a"].values("addressees") == ["states_parties"]
    assert labels["a"].addressees[0].method == "inherited"
    assert (labels[""].strength.value, labels["a"].strength.value, labels["b"].strength.value) == (4, 4, 3)
    assert labels["a"].values("themes") == ["prevention.awareness"]
    assert labels["b"].values("themes") == ["protection.compensation"]


def _provision(text: str, subitems: list[SubItem]) -> Provision:
    return Provision("recommendation", "1", 7, 2017, None, text, "", (0, 0), subitems)


def test_a_sub_item_reiterating_a_recommendation_keeps_its_lead_addressee() -> None:
    labels = label_provision(
        _provision(
            "El Grupo de Trabajo recomendó a la Conferencia que aprobara lo siguiente: a) reiterar su recomendación "
            "anterior de que los Estados partes estudien la posibilidad de conceder un período de reflexión;",
            [
                SubItem(
                    "a",
                    "reiterar su recomendación anterior de que los Estados partes estudien la posibilidad de "
                    "conceder un período de reflexión;",
                    "",
                )
            ],
        )
    )
    assert labels[""].values("addressees") == ["conference"]
    assert labels["a"].values("addressees") == ["conference"]
    assert labels["a"].addressees[0].method == "inherited"


def test_a_sub_item_continuing_its_lead_keeps_the_lead_addressee_and_adds_its_later_sentences() -> None:
    """heldout3 002#196: "i) examinar ...; en una reunión futura del Grupo de Trabajo debería examinarse ..." is
    addressed to the lead's States parties and to the Working Group, and so is the whole recommendation."""
    item = (
        "examinar la función de la tecnología en la prevención; en una reunión futura del Grupo de Trabajo "
        "debería examinarse la manera en que los Estados identifican a las víctimas;"
    )
    labels = label_provision(
        _provision(
            f"Los Estados partes deberían: a) desalentar la detención; i) {item}",
            [
                SubItem("a", "desalentar la detención;", ""),
                SubItem("i", item, ""),
            ],
        )
    )
    assert labels[""].values("addressees") == ["states_parties", "working_group"]
    assert labels["a"].values("addressees") == ["states_parties"]
    assert labels["i"].values("addressees") == ["states_parties", "working_group"]
    assert [label.method for label in labels["i"].addressees] == ["inherited", "rule:forum"]
    assert labels["i"].strength.value == 4


def test_a_sub_item_under_a_lead_that_names_nobody_inherits_no_addressee() -> None:
    """heldout3 002#127 a): the lead only says which recommendations were endorsed; its items name their own."""
    first = "Se debería reconocer que la trata de personas y el tráfico ilícito de migrantes son delitos diferentes."
    second = "Los Estados partes deberían tipificar la trata."
    text = f"El Grupo de Trabajo hizo suyas las siguientes recomendaciones: a) {first} b) {second}"
    labels = label_provision(_provision(text, [SubItem("a", first, ""), SubItem("b", second, "")]))
    assert labels[""].values("addressees") == ["states_parties"]
    assert labels["a"].values("addressees") == []
    assert labels["b"].values("addressees") == ["states_parties"]


def test_a_themeless_sub_item_inherits_only_its_lead_sentence_themes() -> None:
    """Not the themes the lead has from its other sub-items (heldout2: 15 such inherited labels, 2 right)."""
    labels = label_provision(
        _provision(
            "Para mejorar la identificación de las víctimas, los Estados partes deberían: a) impartir capacitación a "
            "los inspectores; b) hacerlo cada año.",
            [SubItem("a", "impartir capacitación a los inspectores;", ""), SubItem("b", "hacerlo cada año.", "")],
        )
    )
    assert set(labels[""].values("themes")) == {"protection.identification", "partnership.training"}
    assert labels["b"].values("themes") == ["protection.identification"]
    assert labels["b"].themes[0].method == "inherited"
    assert "clause_themes" not in labels["b"].record()
    # a lead sentence with no theme of its own leaves such a sub-item to the classifier
    bare = label_provision(
        _provision(
            "Los Estados partes deberían: a) impartir capacitación a los inspectores; b) hacerlo cada año.",
            [SubItem("a", "impartir capacitación a los inspectores;", ""), SubItem("b", "hacerlo cada año.", "")],
        )
    )
    assert bare["b"].values("themes") == []


def test_boilerplate_and_titles_give_no_theme_or_group() -> None:
    labels = label_text(
        "Los Estados partes, de conformidad con su legislación interna, deberían pasar a ser partes en el Protocolo "
        "para Prevenir, Reprimir y Sancionar la Trata de Personas, Especialmente Mujeres y Niños."
    )
    assert labels.values("themes") == ["governance.instruments"]
    assert labels.values("groups") == []


def test_groups_in_spanish_and_english() -> None:
    assert label_text("proteger a las trabajadoras domésticas migrantes y a los niños").values("groups") == [
        "children",
        "migrants",
        "domestic_workers",
    ]
    assert label_text("support women and persons with disabilities").values("groups") == [
        "women",
        "persons_with_disabilities",
    ]


@pytest.mark.parametrize(
    ("spanish", "english", "theme"),
    [
        (
            "velar por que se disponga de intérpretes durante el proceso de justicia penal",
            "ensure that interpreters are available during the criminal justice process",
            "protection.witnesses",
        ),
        (
            "reconocer los vínculos entre la trata de personas y otras formas de delincuencia organizada",
            "recognize the links between trafficking in persons and other forms of organized crime",
            "prosecution.investigation",
        ),
        (
            "promover la contratación responsable de los trabajadores",
            "promote ethical recruitment of workers",
            "prevention.recruitment",
        ),
        (
            "reforzar la protección al consumidor",
            "strengthen consumer protection",
            "prevention.supply_chains",
        ),
        (
            "ofrecer alojamiento seguro a las víctimas",
            "offer safe accommodation to victims",
            "protection.assistance",
        ),
        (
            "establecer grupos de tareas interministeriales",
            "establish inter-ministerial task forces",
            "partnership.coordination",
        ),
        (
            "revisar y modificar, de ser necesario, las leyes nacionales",
            "review and amend, where necessary, national laws",
            "prosecution.legislation",
        ),
        (
            "informar sobre los procedimientos judiciales y administrativos",
            "inform them of court and administrative proceedings",
            "protection.witnesses",
        ),
        (
            "promover la adhesión universal al Protocolo",
            "promote universal adherence to the Protocol",
            "governance.instruments",
        ),
        (
            "reforzar la capacidad del personal de primera línea para identificar oportunamente a las víctimas",
            "strengthen the capacity of front-line staff to promptly identify victims",
            "protection.identification",
        ),
        (
            "garantizar que las víctimas tengan acceso a representación letrada",
            "ensure that victims have access to legal representation",
            "protection.assistance",
        ),
        (
            "prestar atención a las cadenas de oferta y demanda",
            "pay attention to the supply and demand chains",
            "prevention.supply_chains",
        ),
        (
            "en lugar de basarse exclusivamente en las declaraciones de las víctimas",
            "rather than relying solely on the statements of victims",
            "protection.witnesses",
        ),
        (
            "mejorar la reunión de información sobre la trata de personas",
            "improve the collection of information on trafficking in persons",
            "partnership.data",
        ),
        (
            "reconocer que la trata de personas y el tráfico ilícito de migrantes son delitos diferentes",
            "recognize that trafficking in persons and the smuggling of migrants are different crimes",
            "prosecution.legislation",
        ),
        (
            "cooperar con el Grupo Interinstitucional de Coordinación contra la Trata de Personas",
            "cooperate with the Inter-Agency Coordination Group against Trafficking in Persons",
            "partnership.international",
        ),
    ],
)
def test_a_theme_cue_reads_in_spanish_and_in_english(spanish: str, english: str, theme: str) -> None:
    assert theme in label_text(spanish).values("themes")
    assert theme in label_text(english).values("themes")


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "UNODC should continue to provide technical assistance to States.",
            "partnership.training",
            "protection.assistance",
        ),
        ("Employers should stop confiscating immigration documents of workers.", None, "prosecution.investigation"),
        (
            "The Conference should develop an online tool to assess trends.",
            "partnership.data",
            "prosecution.technology",
        ),
        ("States parties should share experiences in the formulation of policies.", "partnership.international", None),
        (
            "Los Estados partes deberían compartir experiencias en la formulación de políticas.",
            "partnership.international",
            None,
        ),
        # assistance to States is technical assistance, not assistance to victims
        (
            "La Secretaría debería prestar asistencia a los Estados partes que lo soliciten.",
            "partnership.training",
            "protection.assistance",
        ),
        (
            "Invites Member States to contribute in order to provide assistance to Member States.",
            "partnership.training",
            "protection.assistance",
        ),
        # data-protection standards are not the privacy of victims
        ("Databases should be established, subject to privacy considerations.", None, "protection.assistance"),
        ("Los Estados partes deberían definir las funciones de la sociedad civil.", None, "prosecution.legislation"),
        (
            "States should, in line with national legal frameworks, improve online safety.",
            None,
            "prosecution.legislation",
        ),
        (
            "Welcomes the Global Report, prepared in accordance with the Global Plan of Action.",
            None,
            "governance.instruments",
        ),
        (
            "effective strategies to support victims or witnesses in the criminal justice system",
            "protection.witnesses",
            "protection.assistance",
        ),
    ],
)
def test_a_cue_word_inside_another_matter_gives_that_matter(text: str, present: str | None, absent: str | None) -> None:
    found = label_text(text).values("themes")
    assert present is None or present in found
    assert absent is None or absent not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Los Estados deberían tener en cuenta el interés superior del niño al aplicar el Protocolo.", ["children"]),
        ("States should take into account the best interests of the child when applying the Protocol.", ["children"]),
        ("prestar asistencia a toda niña víctima de la trata y a todo menor no acompañado", ["children"]),
        ("prevenir la trata con fines de trabajo infantil y la explotación sexual de menores", ["children"]),
        ("proteger a las víctimas menores de edad", ["children"]),
        # the comparative is no minor
        ("las víctimas deberían permanecer en esos lugares el menor tiempo posible", []),
        ("los delitos menores cometidos por las víctimas no deberían castigarse, en menor medida los graves", []),
        ("cooperar con las organizaciones no gubernamentales; ninguna medida debería aplicarse", []),
    ],
)
def test_a_child_named_in_the_singular_is_a_child_and_the_comparative_is_no_minor(
    text: str, expected: list[str]
) -> None:
    assert label_text(text).values("groups") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Toma nota con aprecio de la labor de la Entidad de las Naciones Unidas para la Igualdad de Género y el "
            "Empoderamiento de las Mujeres (ONU-Mujeres), la Organización Internacional para las Migraciones y la "
            "Oficina del Alto Comisionado de las Naciones Unidas para los Refugiados;",
            [],
        ),
        (
            "Takes note of the work of UN-Women, the International Organization for Migration, the Office of the "
            "United Nations High Commissioner for Refugees and the United Nations Children's Fund;",
            [],
        ),
        (  # a body named beside the group it works for: the group stays
            "Los Estados deberían cooperar con ONU-Mujeres para proteger a las mujeres migrantes y promover el "
            "empoderamiento de las mujeres.",
            ["women", "migrants"],
        ),
    ],
)
def test_a_body_named_after_a_group_names_no_group(text: str, expected: list[str]) -> None:
    assert label_text(text).values("groups") == expected


def test_references_are_structured() -> None:
    text = (
        "En consonancia con el artículo 10, párrafo 1, del Protocolo y los párrafos 2 y 3 del artículo 26 de la "
        "Convención, la decisión 4/4 y la resolución 70/1, los Estados partes deberían tener en cuenta las "
        "recomendaciones que figuran en el párrafo 17 del informe del Grupo de Trabajo sobre su reunión celebrada "
        "en Viena los días 14 y 15 de abril de 2009 (CTOC/COP/WG.4/2009/2)."
    )
    found = [(r.kind, r.instrument, r.number, r.paragraph, r.year, r.symbol) for r in label_text(text).references]
    assert found == [
        ("article", "protocol", "10", "1", None, None),
        ("article", "convention", "26", "2 y 3", None, None),
        ("decision", None, "4/4", None, None, None),
        ("resolution", None, "70/1", None, None, None),
        ("report_paragraph", None, "17", None, 2009, "CTOC/COP/WG.4/2009/2"),
        ("symbol", None, "CTOC/COP/WG.4/2009/2", None, None, None),
    ]


def test_english_article_reference_and_reiteration() -> None:
    labels = label_text(
        "The Working Group reiterated that, under article 6 of the Protocol, States parties should act."
    )
    assert [(r.kind, r.instrument, r.number) for r in labels.references] == [("article", "protocol", "6")]
    assert labels.reiteration
    assert not label_text("States parties should act.").reiteration


RESOLUTIONS_RECALLED = [
    ("resolution", "resoluciones 61/180", None, "61/180", None),
    *[("resolution", number, None, number, None) for number in ("64/178", "67/190", "68/192", "70/179", "72/195")],
]
ARTICLES_32_AND_37_ES = [("article", "artículos 32 y 37 de la Convención", "convention", n, None) for n in ("32", "37")]
ARTICLES_32_AND_37_EN = [
    ("article", "articles 32 and 37 of the Convention", "convention", n, None) for n in ("32", "37")
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a subparagraph letter after the paragraph: the letter stays in the text, the paragraph is 3
            "de ser posible, considerar la posibilidad de ofrecer a las víctimas oportunidades de empleo, educación y "
            "capacitación apropiados, conforme al derecho interno y a lo dispuesto en el artículo 6, párrafo 3 d), "
            "del Protocolo;",
            [("article", "artículo 6, párrafo 3 d), del Protocolo", "protocol", "6", "3")],
        ),
        (
            "Where possible, consider offering victims appropriate employment, education and training opportunities, "
            "in accordance with domestic law and article 6, paragraph 3 (d), of the Protocol;",
            [("article", "article 6, paragraph 3 (d), of the Protocol", "protocol", "6", "3")],
        ),
        (  # plural articles: one reference each
            "Recordando el décimo aniversario de la entrada en vigor de la Convención contra la Delincuencia "
            "Organizada y sus Protocolos y teniendo en cuenta los artículos 32 y 37 de la Convención, los Estados "
            "partes y la UNODC deberían seguir promoviendo la aplicación plena de la Convención.",
            ARTICLES_32_AND_37_ES,
        ),
        (
            "Recalling the tenth anniversary of the entry into force of the Organized Crime Convention and the "
            "Protocols thereto, and bearing in mind articles 32 and 37 of the Convention, States parties and UNODC "
            "should continue to promote the full implementation of the Convention.",
            ARTICLES_32_AND_37_EN,
        ),
        (
            "los artículos 6 y 7 del Protocolo",
            [("article", "artículos 6 y 7 del Protocolo", "protocol", n, None) for n in ("6", "7")],
        ),
        (
            "los artículos 5, 6 y 9 del Protocolo",
            [("article", "artículos 5, 6 y 9 del Protocolo", "protocol", n, None) for n in ("5", "6", "9")],
        ),
        (
            "articles 6, 7 and 9 of the Protocol",
            [("article", "articles 6, 7 and 9 of the Protocol", "protocol", n, None) for n in ("6", "7", "9")],
        ),
        (  # English qualifiers before the instrument; a lone subparagraph keeps its letter, as "apartado a)" does
            "in accordance with article 6, paragraph 2, of the Trafficking in Persons Protocol and article 3, "
            "subparagraph (a), of the Protocol",
            [
                ("article", "article 6, paragraph 2, of the Trafficking in Persons Protocol", "protocol", "6", "2"),
                ("article", "article 3, subparagraph (a), of the Protocol", "protocol", "3", "a"),
            ],
        ),
        (  # a range of articles: one reference for each article in it
            "los artículos 9 a 11 del Protocolo y los artículos 5 y 24 a 26 de la Convención",
            [("article", "artículos 9 a 11 del Protocolo", "protocol", n, None) for n in ("9", "10", "11")]
            + [
                ("article", "artículos 5 y 24 a 26 de la Convención", "convention", n, None)
                for n in ("5", "24", "25", "26")
            ],
        ),
        (
            "articles 9 to 11 of the Protocol",
            [("article", "articles 9 to 11 of the Protocol", "protocol", n, None) for n in ("9", "10", "11")],
        ),
        (  # the abbreviations of notes and tables
            "Véanse los arts. 6 y 7 del Protocolo y el párr. 2 del art. 5 del Protocolo; see para. 3 of art. 25 of "
            "the Convention",
            [
                ("article", "arts. 6 y 7 del Protocolo", "protocol", "6", None),
                ("article", "arts. 6 y 7 del Protocolo", "protocol", "7", None),
                ("article", "párr. 2 del art. 5 del Protocolo", "protocol", "5", "2"),
                ("article", "para. 3 of art. 25 of the Convention", "convention", "25", "3"),
            ],
        ),
        (  # a list of resolutions with their dates: every number, and no date taken for one
            "Recordando sus resoluciones 61/180, de 20 de diciembre de 2006, 64/178, de 18 de diciembre de 2009, "
            "67/190, de 20 de diciembre de 2012, 68/192, de 18 de diciembre de 2013, 70/179, de 17 de diciembre "
            "de 2015, y 72/195, de 19 de diciembre de 2017, relativas a las medidas para mejorar la coordinación "
            "de la lucha contra la trata de personas y sus demás resoluciones pertinentes sobre la trata de personas,",
            RESOLUTIONS_RECALLED,
        ),
        (
            "Recalling its resolutions 61/180 of 20 December 2006, 64/178 of 18 December 2009, 67/190 of 20 December "
            "2012, 68/192 of 18 December 2013, 70/179 of 17 December 2015 and 72/195 of 19 December 2017 on improving "
            "the coordination of efforts against trafficking in persons,",
            [("resolution", "resolutions 61/180", None, "61/180", None), *RESOLUTIONS_RECALLED[1:]],
        ),
        (
            "la responsabilidad de las personas jurídicas, tal como se describe en el párrafo 44 de la resolución "
            "64/293 de la Asamblea General;",
            [("resolution", "párrafo 44 de la resolución 64/293", None, "64/293", "44")],
        ),
        (
            "the liability of legal persons, as described in paragraph 44 of General Assembly resolution 64/293;",
            [("resolution", "paragraph 44 of General Assembly resolution 64/293", None, "64/293", "44")],
        ),
        (
            "as described in paragraph 44 of resolution 64/293;",
            [("resolution", "paragraph 44 of resolution 64/293", None, "64/293", "44")],
        ),
    ],
)
def test_references_in_lists_and_with_parts(text: str, expected: list[tuple]) -> None:
    found = [(r.kind, r.text, r.instrument, r.number, r.paragraph) for r in label_text(text).references]
    assert found == expected
    assert all(r.year is None and r.symbol is None for r in label_text(text).references)


def test_every_label_says_how_it_was_made() -> None:
    labels = label_text("Se alienta a los Estados partes a que capaciten a los funcionarios consulares.")
    assert labels.strength.method == "rule:encouragement"
    assert all(0 < label.confidence <= 1 and label.method.startswith("rule:") for label in labels.themes)


def test_the_development_set_meets_the_targets() -> None:
    """The set the rules were written against: clean, OCR and English texts from several meetings."""
    items = load_set(EVAL / "dev.jsonl")
    assert len(items) >= 120
    assert {item["id"].split("#")[0] for item in items} >= {"000", "001", "002", "en_report_2019_excerpt"}
    result = evaluate(items)
    assert result.accuracy("addressees") >= 0.95
    assert result.strength_accuracy >= 0.95
    assert result.fields["themes"].prf()[2] >= 0.85


def test_the_held_out_set_keeps_what_it_reached() -> None:
    """Labelled before the rules saw it, development data since the heldout2 round: addressee and strength hold
    the targets; themes (rules alone) about 0.8."""
    result = evaluate(load_set(EVAL / "heldout.jsonl"))
    assert result.items >= 50
    assert result.accuracy("addressees") >= 0.95
    assert result.strength_accuracy >= 0.95
    assert result.fields["themes"].prf()[2] >= 0.78


def test_evaluate_labels_command_prints_scores_and_confusion_table() -> None:
    result = CliRunner().invoke(main, ["evaluate", "labels", "--set", str(EVAL / "heldout.jsonl")])
    assert result.exit_code == 0, result.output
    assert "items: 51" in result.output
    assert "themes: micro P" in result.output
    assert "strength: accuracy" in result.output
    assert "gold\\pred" in result.output


def test_the_held_out_sets_keep_what_the_classifier_reached() -> None:
    """First measured once (0.826 and 0.718 theme micro-F1), then used to write the rules of the heldout2 round
    (0.833 and 0.828 since): development data now, like dev2 and dev3."""
    classifier = default_theme_classifier()
    assert evaluate(load_set(EVAL / "heldout.jsonl"), classifier).fields["themes"].prf()[2] >= 0.83
    second = load_set(EVAL / "heldout2.jsonl")
    assert len(second) >= 40
    compilation = "002_e7aaeccdcdd1dbe6.txt"
    elsewhere = {
        item["meeting"]
        for name in ("dev", "dev2", "dev3", "heldout")
        for item in load_set(EVAL / f"{name}.jsonl")
        if item["file"].endswith(compilation)
    }
    assert {item["meeting"] for item in second} == {6, 7, 8}
    assert not elsewhere & {6, 7, 8}
    result = evaluate(second, classifier)
    assert result.fields["themes"].prf()[2] >= 0.82
    assert result.accuracy("addressees") >= 0.95
    assert result.strength_accuracy >= 0.95


def test_the_third_held_out_set_keeps_what_it_reached_when_measured_once() -> None:
    """heldout3 (GA resolution paragraphs and compilation items no other set holds), labelled before the rules of
    its round and measured once at its end: addressee 0.946, strength 0.968, themes 0.758 with the classifier."""
    items = load_set(EVAL / "heldout3.jsonl")
    assert len(items) == 93
    assert sum(item["id"].startswith("004#") for item in items) == 26
    others = {
        item["id"]
        for name in ("dev", "dev2", "dev3", "heldout", "heldout2")
        for item in load_set(EVAL / f"{name}.jsonl")
    }
    assert not others & {item["id"] for item in items}
    result = evaluate(items, default_theme_classifier())
    assert result.accuracy("addressees") >= 0.94
    assert result.strength_accuracy >= 0.96
    assert result.fields["themes"].prf()[2] >= 0.75


def test_the_english_held_out_sets_meet_the_addressee_and_strength_targets() -> None:
    """English renderings of Spanish items, each set from other items, labelled by other annotator sessions from the guide
    alone and measured once after a round of rules: heldout4_en (addressee 0.985, strength 0.962, themes 0.844) and
    heldout5_en (0.963, 0.970, 0.833) are development data since; heldout6_en, measured once after every change of
    the next round, reached 0.980, 1.000, themes 0.829, and is never read by training or by the rules' authors."""
    sets = [load_set(EVAL / f"heldout{n}_en.jsonl") for n in (4, 5, 6)]
    assert [len(items) for items in sets] == [132, 135, 148]
    sources = [{item["source_id"] for item in items} for items in sets]
    assert not (sources[0] & sources[1] or sources[0] & sources[2] or sources[1] & sources[2])
    spanish = {
        item["id"]
        for name in ("dev", "dev2", "dev3", "heldout", "heldout2", "heldout3")
        for item in load_set(EVAL / f"{name}.jsonl")
    }
    assert set().union(*sources) <= spanish
    classifier = default_theme_classifier()
    for items, themes in zip(sets, (0.89, 0.88, 0.82), strict=True):
        result = evaluate(items, classifier)
        assert result.accuracy("addressees") >= 0.95
        assert result.strength_accuracy >= 0.95
        assert result.fields["themes"].prf()[2] >= themes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a sentence that ends in a symbol: its full stop is not the symbol's
            "Los Estados deberían aplicar los Principios y Directrices recomendados sobre derechos humanos y trata "
            "de personas (véase E/2002/68/Add.1). Véase también el documento CTOC/COP/WG.4/2021/INF/1/Rev.1.",
            [
                ("E/2002/68/Add.1", "E/2002/68/Add.1"),
                ("CTOC/COP/WG.4/2021/INF/1/Rev.1", "CTOC/COP/WG.4/2021/INF/1/Rev.1"),
            ],
        ),
        (  # OCR's spaces inside a symbol: the whole symbol as printed, its number without them
            "States parties should consider the recommendations contained in CTOC/COP/WG.4/2009/ 2 and "
            "CTOC/COP/WG. 4/2010/6, as well as A/C.3/74/L.1/Add. 1.",
            [
                ("CTOC/COP/WG.4/2009/ 2", "CTOC/COP/WG.4/2009/2"),
                ("CTOC/COP/WG. 4/2010/6", "CTOC/COP/WG.4/2010/6"),
                ("A/C.3/74/L.1/Add. 1", "A/C.3/74/L.1/Add.1"),
            ],
        ),
        (  # a sentence after a symbol is not read into it, nor a slash in words
            "en el documento CTOC/COP/WG.4/2019/2. 4 Estados informaron; la labor del CTOC/working group",
            [("CTOC/COP/WG.4/2019/2", "CTOC/COP/WG.4/2019/2")],
        ),
    ],
)
def test_a_document_symbol_is_read_whole_and_without_the_sentences_full_stop(
    text: str, expected: list[tuple[str, str]]
) -> None:
    found = [(r.text, r.number) for r in label_text(text).references if r.kind == "symbol"]
    assert found == expected


def test_a_report_paragraphs_symbol_broken_by_ocr_is_the_reports_symbol() -> None:
    text = (
        "Los Estados partes deberían tener en cuenta el párrafo 17 del informe del Grupo de Trabajo sobre su reunión "
        "celebrada en Viena en 2009 (CTOC/COP/WG.4/2009/ 2)."
    )
    (paragraph,) = [r for r in label_text(text).references if r.kind == "report_paragraph"]
    assert (paragraph.number, paragraph.year, paragraph.symbol) == ("17", 2009, "CTOC/COP/WG.4/2009/2")
