"""forms: what each page's form accepts, refuses, and hands to the services."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from annotations.forms import (
    ArticlePasteForm,
    DossierArticlesForm,
    HighlightEditForm,
    HighlightForm,
    HighlightTagsForm,
    ImportForm,
    MentionForm,
    MultipleFileField,
    ReviewForm,
    SelectionForm,
    split_names,
)
from annotations.models import Dossier
from annotations.services import highlights
from annotations.widgets import SuggestInput


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("Sanctions, Énergie", ["Sanctions", "Énergie"]),
        ("  Sanctions ,, , Énergie ,", ["Sanctions", "Énergie"]),
        ("Nikolaï  Patrouchev", ["Nikolaï  Patrouchev"]),
        ("", []),
        (" , ,", []),
    ],
)
def test_split_names_keeps_the_non_blank_names_trimmed(typed, names):
    assert split_names(typed) == names


def test_tags_are_the_cleaned_lists_speaker_and_note():
    form = HighlightTagsForm(
        {
            "themes": "Sanctions, , Énergie",
            "actors": " Vladimir Putin,Téhéran ",
            "new_actor_kinds": ["Téhéran=country"],
            "speaker": "  Vladimir Putin ",
            "note": "Voir **aussi**",
        }
    )
    assert form.is_valid(), form.errors
    assert form.tags() == {
        "themes": ["Sanctions", "Énergie"],
        "actors": ["Vladimir Putin", "Téhéran"],
        "speaker": "Vladimir Putin",
        "note": "Voir **aussi**",
        "actor_kinds": {"teheran": "country"},
    }


def test_new_actors_kinds_are_chosen_per_name_and_no_kind_is_assumed():
    form = HighlightTagsForm({"themes": "", "actors": "", "speaker": "", "note": ""})
    assert form.is_valid(), form.errors
    assert form.tags()["actor_kinds"] == {}
    # A name may hold "=": the kind is what follows the last one.
    chosen = HighlightTagsForm({"new_actor_kinds": ["A=B Corp=organisation", "Iran=country"]})
    assert chosen.is_valid(), chosen.errors
    assert chosen.tags()["actor_kinds"] == {"a=b corp": "organisation", "iran": "country"}
    for refused in (["Iran=planet"], ["=country"], ["Iran"]):
        assert "new_actor_kinds" in HighlightTagsForm({"new_actor_kinds": refused}).errors


def test_the_tag_fields_suggest_names_from_their_lookups():
    fields = HighlightTagsForm().fields
    suggested = {
        name: (str(fields[name].widget.attrs["hx-get"]), fields[name].widget.attrs["data-suggest"])
        for name in ("themes", "actors", "speaker")
    }
    assert all(isinstance(fields[name].widget, SuggestInput) for name in suggested)
    assert suggested == {
        "themes": (reverse("theme_suggest"), "list"),
        "actors": (reverse("actor_suggest"), "list"),
        "speaker": (reverse("actor_suggest"), "one"),
    }


def test_a_selection_keeps_its_text_exactly_and_needs_a_positive_range():
    form = SelectionForm({"start_utf16": "0", "end_utf16": "3", "exact": "  a\n"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"start_utf16": 0, "end_utf16": 3, "exact": "  a\n"}
    refused = SelectionForm({"start_utf16": "-1", "end_utf16": "0", "exact": "a"})
    assert set(refused.errors) == {"start_utf16", "end_utf16"}


def test_a_highlight_is_a_selection_and_its_tags():
    form = HighlightForm(
        {"start_utf16": "4", "end_utf16": "9", "exact": "passe", "themes": "Gaz", "actors": ""}
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["start_utf16"], form.cleaned_data["exact"]) == (4, "passe")
    assert form.tags()["themes"] == ["Gaz"]
    assert set(HighlightForm({}).errors) == {"start_utf16", "end_utf16", "exact"}


@pytest.mark.django_db
def test_the_edit_form_starts_from_the_annotation_and_is_prefixed_by_it(tagged_quote):
    form = HighlightEditForm.for_annotation(tagged_quote)
    assert form.prefix == f"edit-{tagged_quote.pk}"
    # The tags in the order they were given.
    assert form.initial == {
        "version": tagged_quote.version,
        "themes": "Sanctions, Énergie",
        "actors": "Vladimir Putin, Téhéran",
        "speaker": "Vladimir Putin",
        "note": "Voir **aussi** l’autre article",
    }
    bare = highlights.annotation_create(
        article=tagged_quote.article, author=tagged_quote.author, start=20, end=30
    )
    assert HighlightEditForm.for_annotation(bare).initial["speaker"] == ""


def test_an_edit_needs_the_version_it_was_made_on():
    assert "version" in HighlightEditForm({"themes": "Gaz"}).errors
    assert "version" in HighlightEditForm({"version": "0"}).errors
    form = HighlightEditForm({"version": "3", "themes": "Gaz"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["version"] == 3


def _files(*names: str) -> MultiValueDict:
    return MultiValueDict(
        {"files": [SimpleUploadedFile(name, b"Titre\n\nTexte.") for name in names]}
    )


@pytest.mark.django_db
def test_an_import_takes_several_files_or_urls_one_per_line():
    form = ImportForm({"urls": ""}, _files("a.txt", "b.md"))
    assert form.is_valid(), form.errors
    assert [upload.name for upload in form.cleaned_data["files"]] == ["a.txt", "b.md"]
    form = ImportForm({"urls": "  https://a.example/1 \n\n http://b.example/2\n"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["urls"] == ["https://a.example/1", "http://b.example/2"]
    assert form.cleaned_data["files"] == []


def test_the_files_field_gives_a_list_whatever_it_is_given():
    field = MultipleFileField(required=False)
    one = SimpleUploadedFile("a.txt", b"Texte")
    assert field.clean(None) == []
    assert field.clean(one) == [one]
    assert field.clean([one, one]) == [one, one]


@pytest.mark.django_db
def test_an_import_of_nothing_or_of_a_non_web_address_is_refused():
    empty = ImportForm({"urls": "  \n"})
    assert empty.errors == {"__all__": ["Choose files or give URLs to import."]}
    bad = ImportForm({"urls": "https://a.example/1\nftp://b.example/2\nc.example"})
    # Only the address is named: the form does not also ask for files.
    assert bad.errors == {"urls": ["Not a web address: ftp://b.example/2"]}


@pytest.mark.django_db
def test_an_import_may_go_into_an_existing_dossier():
    dossier = Dossier.objects.create(name="Gaz")
    form = ImportForm({"urls": "https://a.example/1", "dossier": str(dossier.pk)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["dossier"] == dossier
    assert "dossier" in ImportForm({"urls": "https://a.example", "dossier": "999"}).errors


@pytest.mark.django_db
def test_dossier_articles_accept_any_article_id_as_numbers():
    dossier = Dossier.objects.create(name="Gaz")
    form = DossierArticlesForm({"dossier": dossier.pk, "articles": ["12", "999"], "action": "add"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["articles"] == [12, 999]
    for bad_id in ("x", "-3", "1.5"):
        refused = DossierArticlesForm(
            {"dossier": dossier.pk, "articles": ["12", bad_id], "action": "move"}
        )
        assert set(refused.errors) == {"articles", "action"}
    assert "articles" in DossierArticlesForm({"dossier": dossier.pk, "action": "add"}).errors


def test_a_mention_decision_on_one_mention_says_which():
    one = MentionForm({"decision": "accept", "scope": "one", "start": "3", "end": "9"})
    assert one.is_valid(), one.errors
    assert (one.cleaned_data["start"], one.cleaned_data["end"]) == (3, 9)
    for missing in ({"start": "3"}, {"end": "9"}, {}):
        form = MentionForm({"decision": "dismiss", "scope": "one", **missing})
        assert form.errors == {"__all__": ["Which mention?"]}
    assert MentionForm({"decision": "accept", "scope": "all", "actor_id": "4"}).is_valid()
    assert "decision" in MentionForm({"decision": "maybe", "scope": "all"}).errors


@pytest.mark.parametrize("decision", ["approved", "rejected", "pending"])
def test_a_review_is_a_known_decision_on_a_version(decision):
    form = ReviewForm({"decision": decision, "reason": "", "version": "2"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["decision"], form.cleaned_data["version"]) == (decision, 2)


def test_a_review_refuses_an_unknown_decision_or_no_version():
    assert set(ReviewForm({"decision": "deleted", "version": "0"}).errors) == {
        "decision",
        "version",
    }


def test_a_pasted_article_needs_only_its_text():
    form = ArticlePasteForm(
        {"text": "Titre\n\nTexte.", "url": "news.example.org/a", "published": "2026-03-10"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["url"] == "https://news.example.org/a"
    assert form.cleaned_data["published"].date() == datetime.date(2026, 3, 10)
    assert form.cleaned_data["title"] == ""
    assert set(ArticlePasteForm({"text": "  "}).errors) == {"text"}


def test_the_paste_form_labels_its_address_url():
    assert ArticlePasteForm().fields["url"].label == "URL"
