from django.contrib import admin

from annotations.models import (
    Annotation,
    Article,
    Dossier,
    Entity,
    EntityAlias,
    Outlet,
    ReviewEvent,
    TaggedActor,
    TaggedTheme,
    Theme,
)


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain"]
    search_fields = ["name", "domain"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published", "language", "imported_by", "created"]
    list_filter = ["language", "outlet", "published"]
    search_fields = ["title", "url", "author"]
    date_hierarchy = "published"
    list_select_related = ["outlet", "imported_by"]
    autocomplete_fields = ["outlet"]
    readonly_fields = ["text_hash", "created", "modified"]
    raw_id_fields = ["imported_by"]


class TaggedThemeInline(admin.TabularInline):
    model = TaggedTheme
    autocomplete_fields = ["tag"]
    extra = 0


class TaggedActorInline(admin.TabularInline):
    model = TaggedActor
    autocomplete_fields = ["tag"]
    extra = 0


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "from_status", "to_status", "reason", "created"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "author", "status", "orphaned", "created"]
    list_filter = ["status", "orphaned", "created", "themes"]
    search_fields = ["exact", "note", "article__title"]
    list_select_related = ["article", "author"]
    raw_id_fields = ["article", "author", "reviewer"]
    autocomplete_fields = ["speaker"]
    readonly_fields = [
        "exact",
        "prefix",
        "suffix",
        "start",
        "end",
        "version",
        "created",
        "modified",
    ]
    exclude = ["themes", "actors", "note_html"]
    inlines = [TaggedThemeInline, TaggedActorInline, ReviewEventInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "colour", "parent"]
    search_fields = ["name", "normalized"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "wikidata_id"]
    list_filter = ["kind"]
    search_fields = ["name", "normalized", "aliases__normalized", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EntityAliasInline]


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["name", "created_by", "created"]
    search_fields = ["name"]
    filter_horizontal = ["articles"]


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ["annotation", "actor", "from_status", "to_status", "created"]
    list_filter = ["to_status", "created"]
    raw_id_fields = ["annotation", "actor"]

    def has_change_permission(self, request, obj=None):
        return False
