"""Template tags for what pages repeat by the hundred: quote cards and article rows.

Each gathers what its Jinja2 template (annotations/jinja2/annotations/) prints and renders
it there: one template for every quote card (the reader's side panel, the lists, the review
queue), one for the articles page's rows. Jinja2 renders an article's 500 cards in ~6 ms,
where Django template loops take tens of times longer. The templates escape every value;
nothing is escaped by hand here.
"""

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

from django import template
from django.middleware.csrf import get_token
from django.template import engines
from django.utils import timezone
from django.utils.safestring import mark_safe

from annotations.anchoring import sentence_context
from annotations.models import Annotation
from annotations.selectors.quote_listing import QuoteCard
from annotations.templatetags.links import IdUrls, SlugUrls

register = template.Library()


class CardUrls:
    """The URLs a page of cards links to, each route reversed once for the page."""

    def __init__(self):
        self.article = IdUrls("article_detail")
        self.detail = IdUrls("quote_detail")
        self.edit = IdUrls("highlight_edit")
        self.reattach = IdUrls("highlight_reattach")
        self.review = IdUrls("quote_review")
        self.theme = SlugUrls("theme_detail")
        self.actor = SlugUrls("actor_detail")


@dataclass(frozen=True)
class ListedQuote(QuoteCard):
    """A quote loaded as a model, with its tag lists (selectors.with_tag_lists), as the
    card template reads it: a QuoteCard, and what the review queue shows besides."""

    note_html: str = ""
    version: int = 0
    reviewer_name: str = ""
    before: str = ""  # the rest of its sentence, in the review queue only
    after: str = ""


def listed(quote: Annotation, *, in_sentence: bool = False) -> ListedQuote:
    """`in_sentence`: with the rest of its sentence (the article's text must be loaded)."""
    article, speaker, reviewer = quote.article, quote.speaker, quote.reviewer
    if not in_sentence:
        before = after = ""
    elif quote.orphaned:
        before, after = quote.prefix, quote.suffix
    else:
        before, after = sentence_context(article.text, quote.start, quote.end)
    return ListedQuote(
        pk=quote.pk,
        exact=quote.exact,
        prefix=quote.prefix,
        suffix=quote.suffix,
        status=quote.status,
        article_id=article.pk,
        article_title=article.title,
        published=article.published,
        outlet_name=article.outlet.name if article.outlet else None,
        author_name=quote.author.get_username(),
        speaker_name=speaker.name if speaker else None,
        speaker_slug=speaker.slug if speaker else None,
        themes=quote.theme_list,
        actors=quote.actor_list,
        note_html=quote.note_html,
        version=quote.version,
        reviewer_name=reviewer.get_username() if reviewer else "",
        before=before,
        after=after,
    )


@contextmanager
def _collector_paused():
    """No garbage collection meanwhile (unless it is off already).

    Jinja2 escapes each value it prints into a markupsafe.Markup, an object the collector
    tracks, and keeps them all until it joins them: the ~8,500 of an article's 500 cards
    start about ten collections, and every few pages a full one (~30 ms). They hold no
    reference cycles and all go when the page is joined, so collecting meanwhile finds
    nothing.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _render(name: str, context: dict) -> str:
    template = engines["jinja2"].env.get_template(f"annotations/{name}.html")
    with _collector_paused():
        html = template.render(context)
    return mark_safe(html)  # noqa: S308 - escaped by the template


def _cards(context, cards, mode: str, **details) -> str:
    """The card template's parameters (see its head): a mode's own ones in `details`."""
    parameters = {
        "themes_of": {},
        "actors_of": {},
        "editable_ids": (),
        "snippets": {},
        "row_error": "",
        "reason": "",
        "next_url": "",
        "empty": "",
        **details,
    }
    request = context.get("request")
    csrf_token = get_token(request) if request else ""
    page = {
        "cards": cards,
        "mode": mode,
        "urls": CardUrls(),
        "csrf_token": csrf_token,
        "timezone": timezone.get_current_timezone(),
    }
    return _render("quote_cards", page | parameters)


@register.simple_tag(takes_context=True)
def highlight_cards(context, annotations, themes_of, actors_of, editable_ids) -> str:
    """The reader's side panel: an article's highlights (selectors.ReaderAnnotation) in
    text order, their tags by highlight id."""
    return _cards(
        context,
        annotations,
        "reader",
        themes_of=defaultdict(tuple, themes_of),
        actors_of=defaultdict(tuple, actors_of),
        editable_ids=editable_ids,
        empty="No highlights yet.",
    )


@register.simple_tag(takes_context=True)
def quote_cards(context, quotes, snippets=None, empty="No quotes yet.") -> str:
    """Cards of listed quotes: selectors.QuoteCard rows (the quotes page, whose search
    snippets are `snippets`), or quotes with their tag lists (the other pages)."""
    cards = [listed(quote) if isinstance(quote, Annotation) else quote for quote in quotes]
    return _cards(context, cards, "list", snippets=snippets or {}, empty=empty)


@register.simple_tag(takes_context=True)
def review_rows(context, quotes, empty="") -> str:
    """The review queue's rows: quotes with their tag lists and their article's text."""
    return _review(context, quotes, empty=empty)


@register.simple_tag(takes_context=True)
def review_row(context, quote, row_error="", reason="") -> str:
    """One row again, after its review: with the reason typed and why a review was refused."""
    return _review(context, [quote], row_error=row_error, reason=reason)


def _review(context, quotes, *, empty="", row_error="", reason="") -> str:
    return _cards(
        context,
        [listed(quote, in_sentence=True) for quote in quotes],
        "review",
        empty=empty,
        row_error=row_error,
        reason=reason,
        next_url=context["request"].get_full_path(),
    )


@register.simple_tag
def article_rows(articles, top_tags, snippets) -> str:
    """The articles page's table rows (articles from selectors.articles_for_listing)."""
    return _render(
        "article_rows",
        {
            "articles": articles,
            "top_tags": top_tags,
            "snippets": snippets,
            "article_url": IdUrls("article_detail"),
            "timezone": timezone.get_current_timezone(),
        },
    )
