"""Reads: what the pages, exports and background runs show, with their related rows
already joined or prefetched, in a number of queries that does not grow with the rows.

One module per subject; callers import the module they need
(`from annotations.selectors import reading`). This file re-exports nothing.

- quote_rows: quotes with their related rows joined and their tags attached; the base the
  other modules build on.
- reading: an article's reading view and one quote's page.
- quote_listing: the quotes page (its selection, its cards, its search snippets).
- article_listing: the articles page (its selection, top tags per article, search snippets).
- tag_pages: a theme's or an actor's page (cached totals, timeline, quotes spoken).
- tag_indexes: the themes' and actors' indexes with their cached counts.
- dossier_pages: the dossiers' list and a dossier's page.
- overview: the home page (cached totals, recent articles and quotes).
- review_rows: the review queue's selection and one re-rendered row.
- tag_suggestions: theme and actor suggestions for the tag fields.
- mention_candidates: actor mentions suggested in an article; the articles "tag every
  mention" reads, and its preview.
- export_sets: the quotes and articles the exports and the JSONL backup write.

quote_rows, article_listing and tag_indexes import no other selector module; the others
import only those three, so the modules have no cycles. The names differ from the service
modules' so that a view can import both.
"""
