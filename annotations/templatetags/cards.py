"""HTML of the list pages' rows (quote cards, article rows), built in Python.

A page of 200 quote cards cost ~80 ms through template loops (a dozen tags, filters and
`reverse()` calls per card), 200 article rows ~100 ms; built here they cost a few.
Every user-supplied string goes through `escape`; search snippets, which search.py
escaped and marked, go in as they are.
"""

from html import escape

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from annotations.templatetags.reader import SlugUrls, url_maker

register = template.Library()


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d")


@register.simple_tag
def quote_cards(quotes, snippets) -> str:
    """The quotes page's list items (selectors.QuoteCard): the quote in its context (or
    the search snippet), its source, tags, speaker, author and status."""
    if not quotes:
        return mark_safe('<li class="empty">No quotes match these filters.</li>')
    article_url = url_maker("article_detail")
    detail_url = url_maker("annotation_detail")
    theme_url = SlugUrls("theme_detail")
    actor_url = SlugUrls("entity_detail")
    parts = []
    for quote in quotes:
        pk = quote.pk
        if pk in snippets:
            passage = conditional_escape(snippets[pk])
        else:
            passage = (
                f'<span class="context">…{escape(quote.prefix)}</span>'
                f"<mark>{escape(quote.exact)}</mark>"
                f'<span class="context">{escape(quote.suffix)}…</span>'
            )
        source = (
            f'<a href="{article_url(quote.article_id)}#annotation-{pk}">'
            f"{escape(quote.article_title)}</a>"
        )
        if quote.outlet_name is not None:
            source += f" · {escape(quote.outlet_name)}"
        if quote.published:
            published = timezone.localtime(quote.published)
            source += f' · <time datetime="{published.isoformat()}">{_day(published)}</time>'
        tags = "".join(
            [
                f'<li class="tag theme theme-{theme.pk}"><a href="{theme_url(theme.slug)}">'
                f"{escape(theme.name)}</a></li>"
                for theme in quote.themes
            ]
            + [
                f'<li class="tag actor"><a href="{actor_url(actor.slug)}">'
                f"{escape(actor.name)}</a></li>"
                for actor in quote.actors
            ]
        )
        spoken = (
            f'Speaker: <a href="{actor_url(quote.speaker_slug)}">'
            f"{escape(quote.speaker_name)}</a> · "
            if quote.speaker_slug is not None
            else ""
        )
        parts.append(
            f'<li class="quote-card status-{escape(quote.status)}"><blockquote>{passage}'
            f'</blockquote><p class="source">{source}</p><ul class="tags">{tags}</ul>'
            f'<p class="byline">{spoken}{escape(quote.author_name)} · '
            f"{escape(quote.get_status_display())} · "
            f'<a href="{detail_url(pk)}">details</a></p></li>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


@register.simple_tag
def article_rows(articles, top_tags, snippets) -> str:
    """The articles page's table rows: a checkbox for the bulk actions, the title (and the
    search snippet), outlet, date, language, number of highlights, top themes and actors."""
    article_url = url_maker("article_detail")
    parts = []
    for article in articles:
        pk = article.pk
        title = escape(article.title)
        snippet = (
            f'<div class="snippet">{conditional_escape(snippets[pk])}</div>'
            if pk in snippets
            else ""
        )
        tags = top_tags.get(pk, {})
        tag_items = "".join(
            [f'<li class="tag theme">{escape(theme.name)}</li>' for theme in tags.get("themes", ())]
            + [
                f'<li class="tag actor">{escape(actor.name)}</li>'
                for actor in tags.get("actors", ())
            ]
        )
        parts.append(
            f'<tr><td><input type="checkbox" name="articles" value="{pk}" '
            f'aria-label="Select {title}"></td>'
            f'<td><a href="{article_url(pk)}">{title}</a>{snippet}</td>'
            f"<td>{escape(article.outlet.name) if article.outlet else '—'}</td>"
            f"<td>{_day(article.published) if article.published else '—'}</td>"
            f"<td>{escape(article.language) or '—'}</td>"
            f'<td class="num">{article.annotation_count}</td>'
            f'<td><ul class="tags">{tag_items}</ul></td></tr>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped
