from django.urls import path, re_path

from annotations.views import (
    actors,
    articles,
    dossiers,
    exports,
    highlights,
    imports,
    mentions,
    quotes,
    review,
    themes,
)

urlpatterns = [
    path("", articles.home, name="home"),
    path("articles/", articles.article_list, name="article_list"),
    path("quotes/", quotes.quote_list, name="quote_list"),
    path("review/", review.review_queue, name="review_queue"),
    re_path(
        r"^export/annotations\.(?P<fmt>csv|jsonld|jsonl)$",
        exports.export_annotations,
        name="export_annotations",
    ),
    path("review/approve/", review.review_approve_many, name="review_approve_many"),
    path("articles/new/", articles.article_paste, name="article_paste"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/edit/", articles.article_edit_text, name="article_edit_text"),
    path("articles/<int:pk>/details/", articles.article_edit_details, name="article_edit_details"),
    path(
        "articles/<int:pk>/suggestions/", mentions.article_suggestions, name="article_suggestions"
    ),
    path("articles/<int:pk>/mentions/", mentions.mention_decide, name="mention_decide"),
    path("import/", imports.import_start, name="import_start"),
    path("import/<int:pk>/", imports.import_batch_detail, name="import_batch_detail"),
    path("import/<int:pk>/retry/", imports.import_batch_retry, name="import_batch_retry"),
    path(
        "articles/<int:pk>/annotations/",
        highlights.highlight_create,
        name="highlight_create",
    ),
    path(
        "articles/<int:pk>/annotations.csv",
        exports.article_annotations_csv,
        name="article_annotations_csv",
    ),
    path("annotations/<int:pk>/", quotes.quote_detail, name="quote_detail"),
    path("annotations/<int:pk>/edit/", highlights.highlight_edit, name="highlight_edit"),
    path("annotations/<int:pk>/review/", review.quote_review, name="quote_review"),
    path(
        "annotations/<int:pk>/reattach/",
        highlights.highlight_reattach,
        name="highlight_reattach",
    ),
    path("annotations/<int:pk>/delete/", highlights.highlight_delete, name="highlight_delete"),
    path("themes.css", themes.theme_stylesheet, name="theme_stylesheet"),
    path("suggest/themes/", themes.theme_suggest, name="theme_suggest"),
    path("suggest/actors/", actors.actor_suggest, name="actor_suggest"),
    path("suggest/actor-kinds/", actors.actor_kinds, name="actor_kinds"),
    path("suggest/outlets/", articles.outlet_suggest, name="outlet_suggest"),
    path("themes/", themes.theme_list, name="theme_list"),
    path("themes/<str:slug>/", themes.theme_detail, name="theme_detail"),
    path("actors/", actors.actor_list, name="actor_list"),
    re_path(
        r"^actors/registry\.(?P<fmt>csv|json)$", actors.registry_export, name="registry_export"
    ),
    path("actors/registry/import/", actors.registry_import, name="registry_import"),
    path("actors/<str:slug>/", actors.actor_detail, name="actor_detail"),
    path("actors/<str:slug>/edit/", actors.actor_edit, name="actor_edit"),
    path("actors/<str:slug>/aliases/", actors.actor_spelling_add, name="actor_spelling_add"),
    path(
        "actors/<str:slug>/aliases/<int:alias_pk>/remove/",
        actors.actor_spelling_remove,
        name="actor_spelling_remove",
    ),
    path("actors/<str:slug>/merge/", actors.actor_merge, name="actor_merge"),
    path(
        "actors/<str:slug>/tag-every-mention/", mentions.tag_every_mention, name="tag_every_mention"
    ),
    path("taggings/<int:pk>/", mentions.mention_tagging_detail, name="mention_tagging_detail"),
    path("dossiers/", dossiers.dossier_list, name="dossier_list"),
    path("dossiers/articles/", dossiers.dossier_articles, name="dossier_articles"),
    path("dossiers/<int:pk>/", dossiers.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/rename/", dossiers.dossier_rename, name="dossier_rename"),
    path("dossiers/<int:pk>/describe/", dossiers.dossier_describe, name="dossier_describe"),
    path("dossiers/<int:pk>/delete/", dossiers.dossier_delete, name="dossier_delete"),
]
