from django import template

register = template.Library()


@register.filter
def highlight_classes(segment, styles: dict[int, str]) -> str:
    """CSS classes of a highlighted segment: the innermost annotation's theme and status."""
    classes = styles.get(segment.annotation_ids[-1], "")
    if len(segment.annotation_ids) > 1:
        classes += " overlap"
    return classes
