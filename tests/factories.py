"""Model factories for the tests (the benchmarks use UserFactory too): users who log in
with PASSWORD, articles with their fingerprint, highlights anchored as the app does."""

import functools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from annotations import anchoring
from annotations.importers.cleaning import text_fingerprint
from annotations.models import Annotation, Article, Entity, Outlet, Theme
from annotations.roles import ANALYSTS, EDITORS, sync_role_groups

PASSWORD = "correct-horse-battery"


@functools.cache
def password_hash() -> str:
    """PASSWORD hashed once per process, by the project's own hasher: hashing it again for
    every user (PBKDF2, a quarter of a second) took most of the suite's time."""
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    """A user who logs in with PASSWORD (or the `password` given)."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.password = make_password(extracted) if extracted else password_hash()

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            # Transactional tests flush the groups the data migration made.
            sync_role_groups(Group, Permission)
            group = {"analyst": ANALYSTS, "editor": EDITORS}[extracted]
            self.groups.add(Group.objects.get(name=group))
        if create:
            self.save()


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    text = factory.Sequence(
        lambda n: (
            f"Premier paragraphe de l’article {n}, sur les sanctions.\n\n"
            "Le ministre a déclaré : « Nous coopérerons. »\n\nDernier paragraphe."
        )
    )
    language = "fr"
    outlet = factory.SubFactory(OutletFactory)
    text_hash = factory.LazyAttribute(lambda article: text_fingerprint(article.text))


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = Entity.Kind.PERSON


class AnnotationFactory(factory.django.DjangoModelFactory):
    """A highlight of `article.text[start:end]`, selectors computed as the app does."""

    class Meta:
        model = Annotation

    article = factory.SubFactory(ArticleFactory)
    author = factory.SubFactory(UserFactory, role="analyst")
    start = 0
    end = 10

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        anchor = anchoring.describe(kwargs["article"].text, kwargs["start"], kwargs["end"])
        kwargs.update(exact=anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix)
        return super()._create(model_class, *args, **kwargs)
