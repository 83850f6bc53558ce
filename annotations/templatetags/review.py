from django import template

from annotations.anchoring import sentence_context

register = template.Library()


@register.simple_tag
def quote_in_sentence(annotation) -> dict:
    """{"before", "after"}: the rest of the sentence around a quote, for reviewers."""
    if annotation.orphaned:
        return {"before": annotation.prefix, "after": annotation.suffix}
    before, after = sentence_context(annotation.article.text, annotation.start, annotation.end)
    return {"before": before, "after": after}
