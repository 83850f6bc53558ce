"""Samples and checks shared by the importers' tests (and the import property tests): the
fixture files, a news page full of boilerplate and the paragraphs it must keep, two article
paragraphs, what canonical text looks like."""

import unicodedata

from tests.helpers import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "importers"


BOILERPLATE_PAGE = (FIXTURES / "article_boilerplate.html").read_bytes()


# The article's paragraphs in that page, which every extraction of it must keep.
PAGE_PARAGRAPHS = [
    "Après trois ans de chantier, la première ligne de tramway de Port-Ardent sera mise en "
    "service le 6 avril, a confirmé mardi soir le conseil communautaire, au terme d’une "
    "séance animée.",
    "La ligne, longue de 9,4 kilomètres, reliera la gare maritime au quartier des "
    "Hauts-de-Lanvaux en desservant dix-sept stations.",
    "« Nous tenons enfin la promesse faite aux habitants des quartiers nord », a déclaré la "
    "présidente de l’agglomération, Odile Marchetti,",
    "Une tarification unique",
    "Le ticket à l’unité restera fixé à 1,70 euro et sera valable une heure sur l’ensemble "
    "du réseau, bus et tramway confondus.",
    "L’opposition municipale a dénoncé sur Twitter un calendrier « dicté par les élections »",
    "Les riverains de la rue des Cordiers, dont les commerces ont souffert pendant les travaux,",
    "Les premiers essais à vide débuteront lundi.",
]


# Two article paragraphs, French and English, that no cleaning may touch.
ARTICLE_FR = (
    "Le conseil municipal a adopté mardi soir le projet de piétonnisation du centre, "
    "après trois heures de débats parfois vifs entre la majorité et l’opposition."
)


ARTICLE_EN = (
    "The council voted on Tuesday to pedestrianise the town centre after three hours "
    "of sometimes heated debate between the majority and the opposition."
)


def paragraphs_of(text: str) -> list[str]:
    """The blank-line-separated paragraphs of canonical text."""
    return text.split("\n\n")


def assert_canonical_shape(text: str) -> None:
    """Trimmed, paragraphs at most one blank line apart, no carriage return or BOM."""
    assert "\r" not in text and "\ufeff" not in text and "\n\n\n" not in text
    assert text == text.strip()


def assert_canonical(text: str) -> None:
    """The shape above, in NFC, every line trimmed with single spaces and no tab."""
    assert unicodedata.is_normalized("NFC", text)
    assert_canonical_shape(text)
    if not text:
        return
    for paragraph in text.split("\n\n"):
        assert paragraph.strip()
        for line in paragraph.split("\n"):
            assert line and line == line.strip(" ") and "  " not in line and "\t" not in line
