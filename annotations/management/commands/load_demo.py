import json
from datetime import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from annotations.models import Annotation, Dossier, Entity, Theme
from annotations.services import articles, highlights, registry, review
from annotations.services import users as user_accounts

CORPUS = Path(__file__).resolve().parents[2] / "demo" / "corpus.json"
DEMO_USERS = [
    # (username, role, password): printed at the end; for a local demo only.
    ("analyst", "analyst", "newsroom-analyst"),
    ("editor", "editor", "newsroom-editor"),
]
DOSSIER_NAME = "Valdoria–Kestrany pipeline"


class Command(BaseCommand):
    help = (
        "Load the demo corpus (our own invented articles), its actors, themes and two demo users."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
        users = self._users()
        analyst, editor = users["analyst"], users["editor"]
        for item in corpus["themes"]:
            theme = registry.theme_get_or_create(name=item["name"])
            theme.colour, theme.description = item["colour"], item.get("description", "")
            theme.save()
        for item in corpus["actors"]:
            entity = registry.entity_get_or_create(name=item["name"], kind=item["kind"])
            entity.kind, entity.description = item["kind"], item.get("description", "")
            entity.save()
            for alias in item.get("aliases", []):
                registry.entity_alias_add(entity=entity, name=alias)
        dossier, _ = Dossier.objects.get_or_create(
            name=DOSSIER_NAME,
            defaults={
                "description": "Demo dossier: the invented pipeline story.",
                "created_by": analyst,
            },
        )
        imported = 0
        for item in corpus["articles"]:
            try:
                article = articles.article_create(
                    title=item["title"],
                    text=item["text"],
                    url=item.get("url", ""),
                    outlet_name=item.get("outlet", ""),
                    author=item.get("author", ""),
                    published=timezone.make_aware(datetime.fromisoformat(item["published"])),
                    language=item.get("language", ""),
                    created_by=analyst,
                    dossier=dossier,
                )
            except articles.DuplicateArticle:
                continue  # loaded before: loading twice is harmless
            imported += 1
            for quote in item.get("annotations", []):
                self._annotate(article, quote, analyst, editor)
        self.stdout.write(
            f"Demo corpus: {imported} new articles ({len(corpus['articles'])} in the corpus), "
            f"{Theme.objects.count()} themes, {Entity.objects.count()} actors, "
            f"{Annotation.objects.count()} highlights."
        )
        self.stdout.write(self.style.SUCCESS("Demo logins (local use only):"))
        for username, role, password in DEMO_USERS:
            self.stdout.write(f"  {role:8} username: {username}  password: {password}")

    def _users(self):
        User = get_user_model()
        users = {}
        for username, role, password in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = user_accounts.user_create_with_role(
                    username=username, password=password, role=role
                )
            users[username] = user
        return users

    def _annotate(self, article, quote, analyst, editor):
        start = article.text.index(quote["exact"])
        annotation = highlights.annotation_create(
            article=article,
            author=analyst,
            start=start,
            end=start + len(quote["exact"]),
            exact=quote["exact"],
            themes=quote.get("themes", []),
            actors=quote.get("actors", []),
            speaker=quote.get("speaker", ""),
            note=quote.get("note", ""),
        )
        if quote.get("status", "pending") != "pending":
            review.annotation_review(
                annotation=annotation,
                reviewer=editor,
                to_status=quote["status"],
                reason=quote.get("reason", ""),
            )
