"""importers.boilerplate: junk lines and blocks go (through clean_text), articles stay."""

import pytest

from annotations.importers.boilerplate import remove_boilerplate
from annotations.importers.cleaning import clean_text
from tests.importers.helpers import ARTICLE_EN, ARTICLE_FR


@pytest.mark.parametrize(
    "junk",
    [
        "ad",
        "Advertisement",
        "- Advertisement -",
        "PUBLICITÉ",
        "publicité",
        "Sponsored",
        "Share",
        "Partager",
        "Facebook",
        "Twitter",
        "WhatsApp",
        "Tweet",
        "Email",
        "Imprimer",
        "Print",
        "Partager sur Facebook",
        "Share on X | LinkedIn | Email",
        "Ce site utilise des cookies pour améliorer votre expérience. En poursuivant votre "
        "navigation, vous acceptez leur utilisation.",
        "We use cookies to improve your experience. Cookie settings",
        "Tout accepter",
        "Inscrivez-vous à notre newsletter et recevez l’essentiel de l’actualité.",
        "Sign up for our newsletter",
        "Lire aussi : Le pont levant fermé pour travaux",
        "À lire aussi >> La gare routière déménage",
        "LIRE AUSSI » Le marché couvert rouvre",
        "Read more: Ferry timetable changes",
        "Related — Storm closes the ferry line",
        "Please enter your comment!",
        "You have entered an incorrect email address!",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Enregistrer mon nom, mon e-mail et mon site dans le navigateur pour mon prochain "
        "commentaire.",
        "Annuler la réponse",
    ],
)
def test_single_junk_lines_are_dropped(junk):
    text = f"{ARTICLE_FR}\n\n{junk}\n\n{ARTICLE_EN}"
    assert clean_text(text) == f"{ARTICLE_FR}\n\n{ARTICLE_EN}"


@pytest.mark.parametrize(
    "paragraph",
    [
        "L’opposition a dénoncé sur Twitter un calendrier « dicté par les élections ».",
        "The minister announced on Facebook and Twitter that she would resign next week.",
        "Print and broadcast journalists were kept waiting outside the courtroom all day.",
        "La CNIL reproche au site de ne pas permettre de refuser les cookies aussi facilement "
        "que de les accepter.",
        "Le journal a lancé une newsletter hebdomadaire consacrée à l’agriculture.",
        "Lire aussi la lettre ouverte publiée par les syndicats, qui réclament un moratoire.",
        "Ad hoc committees were set up in every district.",
        "Partager les richesses : tel était le mot d’ordre des manifestants.",
        "Related-party transactions were reviewed by the auditors last year.",
        "The EU’s new cookie policy rules take effect on Monday, regulators said.",
        "« Nous utilisons des cookies de manière responsable », a assuré le directeur.",
    ],
)
def test_real_paragraphs_that_mention_junk_words_are_kept(paragraph):
    text = f"{ARTICLE_FR}\n\n{paragraph}\n\n{ARTICLE_EN}"
    assert clean_text(text) == f"{ARTICLE_FR}\n\n{paragraph}\n\n{ARTICLE_EN}"


def test_comment_form_block_at_the_end_is_removed():
    text = (
        f"Titre\n\n{ARTICLE_EN}\n\nLeave a Reply Cancel reply\n\nYour email address will not "
        "be published. Required fields are marked *\n\nComment *\n\nName *\n\nEmail *\n\n"
        "Website\n\nSave my name, email, and website in this browser for the next time I "
        "comment.\n\nPost Comment\n\nΔ"
    )
    assert clean_text(text) == f"Titre\n\n{ARTICLE_EN}"


def test_related_block_drops_its_headlines_but_not_the_article_after_it():
    text = (
        f"{ARTICLE_FR}\n\nÀ lire aussi\nLe pont levant fermé pour travaux\n"
        f"Grève des bus : le trafic perturbé jusqu’à vendredi\n\n{ARTICLE_EN}"
    )
    assert clean_text(text) == f"{ARTICLE_FR}\n\n{ARTICLE_EN}"


def test_junk_tail_after_a_related_heading_is_cut():
    text = (
        f"{ARTICLE_FR}\n\nArticles similaires\n\nLe pont levant fermé pour travaux\n\n"
        "Grève des bus : le trafic perturbé\n\n12 mars 2024\n\nMore from Gazette"
    )
    assert clean_text(text) == ARTICLE_FR


def test_junk_tail_is_cut_even_after_a_related_box_mid_article():
    text = (
        f"{ARTICLE_FR}\n\nLire aussi\nLe pont levant fermé pour travaux\n\n{ARTICLE_EN}\n\n"
        "Commentaires\n\nJean D.\n\n12 mars 2024\n\nBravo"
    )
    assert clean_text(text) == f"{ARTICLE_FR}\n\n{ARTICLE_EN}"


def test_subheadings_and_short_paragraphs_survive():
    text = (
        f"{ARTICLE_FR}\n\nUne tarification unique\n\n{ARTICLE_EN}\n\n"
        "Les premiers essais débuteront lundi."
    )
    assert clean_text(text) == text


def test_remove_boilerplate_only_removes_whole_lines():
    text = "Premier paragraphe.\r\nad\r\nSecond paragraphe."
    assert remove_boilerplate(text) == "Premier paragraphe.\nSecond paragraphe."
