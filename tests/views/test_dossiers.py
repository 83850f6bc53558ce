"""views.dossiers: creating, filling, renaming, paging and deleting dossiers on their pages."""

import pytest
from django.urls import reverse

from annotations.models import Dossier
from tests.factories import AnnotationFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def test_create_rename_add_remove_and_delete(client, analyst, editor):
    client.force_login(analyst)
    response = client.post(
        reverse("dossier_list"), {"name": "  Gazoduc   nord ", "description": ""}
    )
    dossier = Dossier.objects.get()
    assert response["Location"] == dossier.get_absolute_url()
    assert (dossier.name, dossier.created_by) == ("Gazoduc nord", analyst)

    articles = [ArticleFactory() for _ in range(3)]
    annotation = AnnotationFactory(article=articles[0])
    ids = [a.pk for a in articles]
    client.post(
        reverse("dossier_articles"),
        {"dossier": dossier.pk, "articles": ids, "action": "add", "next": "/articles/"},
    )
    assert set(dossier.articles.values_list("pk", flat=True)) == set(ids)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "1</strong> pending" in page and annotation.exact in page

    client.post(
        reverse("dossier_articles"),
        {"dossier": dossier.pk, "articles": [ids[0]], "action": "remove"},
    )
    assert dossier.articles.count() == 2

    client.post(reverse("dossier_rename", args=[dossier.pk]), {"rename-name": "Gaz"})
    dossier.refresh_from_db()
    assert dossier.name == "Gaz"

    client.force_login(editor)
    assert client.post(reverse("dossier_delete", args=[dossier.pk])).status_code == 302
    assert not Dossier.objects.exists()
    assert len(articles) == 3 and articles[0].__class__.objects.count() == 3


def test_only_creator_or_editor_deletes(client, analyst, other_analyst):
    dossier = Dossier.objects.create(name="Mine", created_by=analyst)
    client.force_login(other_analyst)
    assert client.post(reverse("dossier_delete", args=[dossier.pk])).status_code == 403
    assert Dossier.objects.exists()


def test_unsafe_next_is_ignored(client, analyst):
    dossier = Dossier.objects.create(name="D", created_by=analyst)
    article = ArticleFactory()
    client.force_login(analyst)
    response = client.post(
        reverse("dossier_articles"),
        {
            "dossier": dossier.pk,
            "articles": [article.pk],
            "action": "add",
            "next": "https://evil.example",
        },
    )
    assert response["Location"] == dossier.get_absolute_url()


def test_duplicate_dossier_name_is_a_clear_error(client, analyst):
    Dossier.objects.create(name="Gaz", created_by=analyst)
    client.force_login(analyst)
    response = client.post(reverse("dossier_list"), {"name": "Gaz"})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_dossier_page_pages_through_its_articles(client, analyst):
    dossier = Dossier.objects.create(name="Corridor", created_by=analyst)
    articles = [ArticleFactory(title=f"Dépêche {n:02d}") for n in range(25)]
    dossier.articles.add(*articles)
    AnnotationFactory(article=articles[0], author=analyst)
    client.force_login(analyst)
    first = client.get(dossier.get_absolute_url()).content.decode()
    assert '<span class="count">25</span>' in first and "Page 1 of 2" in first
    assert first.count('name="articles" value=') == 20
    second = client.get(
        dossier.get_absolute_url(), {"page": 2}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert second.lstrip().startswith('<div id="results">')
    assert second.count('name="articles" value=') == 5
    assert "1</strong> pending" in first


def test_someone_elses_dossier_page_offers_no_change_and_shows_who_changed_it(
    client, analyst, other_analyst, editor
):
    dossier = Dossier.objects.create(name="Gaz", created_by=analyst)
    dossier.articles.add(ArticleFactory())
    client.force_login(editor)
    client.post(reverse("dossier_rename", args=[dossier.pk]), {"rename-name": "Gaz russe"})
    client.post(reverse("dossier_describe", args=[dossier.pk]), {"description": "Le tracé"})
    client.force_login(other_analyst)
    page = client.get(dossier.get_absolute_url()).content.decode()
    for form in ("dossier_rename", "dossier_describe", "dossier_delete", "dossier_articles"):
        action = reverse(form, args=[dossier.pk] if form != "dossier_articles" else [])
        assert f'action="{action}"' not in page
    assert 'name="articles"' not in page
    assert "Only ana or an editor may change this dossier." in page
    assert f"{editor.username} renamed: “Gaz” → “Gaz russe”" in page
    assert f"{editor.username} described: Le tracé" in page

    client.force_login(analyst)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert f'action="{reverse("dossier_rename", args=[dossier.pk])}"' in page
    assert 'name="articles"' in page


def test_a_forged_change_of_someone_elses_dossier_is_refused(client, analyst, other_analyst):
    dossier = Dossier.objects.create(name="Gaz", created_by=analyst, description="Le tracé")
    kept = ArticleFactory()
    dossier.articles.add(kept)
    client.force_login(other_analyst)
    rename = client.post(reverse("dossier_rename", args=[dossier.pk]), {"rename-name": "X"})
    describe = client.post(reverse("dossier_describe", args=[dossier.pk]), {"description": ""})
    assert (rename.status_code, describe.status_code) == (403, 403)
    emptied = client.post(
        reverse("dossier_articles"),
        {"dossier": dossier.pk, "articles": [kept.pk], "action": "remove"},
        follow=True,
    )
    assert emptied.status_code == 200
    dossier.refresh_from_db()
    assert (dossier.name, dossier.description, list(dossier.articles.all())) == (
        "Gaz",
        "Le tracé",
        [kept],
    )


def _dossier_choices(page: str, select: str) -> str:
    """The options of the page's <select> that starts with `select`."""
    return page.split(select, 1)[1].split("</select>", 1)[0]


def test_the_article_pages_offer_only_the_dossiers_one_may_change(
    client, analyst, other_analyst, editor
):
    Dossier.objects.create(name="Dossier d’Ana", created_by=analyst)
    Dossier.objects.create(name="Dossier d’Otto", created_by=other_analyst)
    article = ArticleFactory()
    selects = {
        reverse("article_list"): '<select id="bulk-dossier"',
        article.get_absolute_url(): '<select name="dossier" aria-label="Dossier"',
        reverse("import_start"): '<select name="dossier"',
    }
    client.force_login(other_analyst)
    for url, select in selects.items():
        choices = _dossier_choices(client.get(url).content.decode(), select)
        assert "Dossier d’Otto" in choices and "Dossier d’Ana" not in choices, url
    client.force_login(editor)
    choices = _dossier_choices(
        client.get(reverse("article_list")).content.decode(), '<select id="bulk-dossier"'
    )
    assert "Dossier d’Otto" in choices and "Dossier d’Ana" in choices


def test_messages_naming_a_dossier_add_no_period_after_its_own(client, analyst):
    client.force_login(analyst)
    dossier = Dossier.objects.create(name="Gaz ?", created_by=analyst)
    article = ArticleFactory()
    response = client.post(
        reverse("dossier_articles"),
        {"dossier": dossier.pk, "articles": [article.pk], "action": "add"},
        follow=True,
    )
    renamed = client.post(
        reverse("dossier_rename", args=[dossier.pk]), {"rename-name": "Quel gaz !"}, follow=True
    )
    said = [str(m) for r in (response, renamed) for m in r.context["messages"]]
    assert said == ["1 article added to “Gaz ?”", "Renamed to “Quel gaz !”"]
