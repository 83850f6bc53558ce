from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import tasks
from annotations.forms import DossierChoiceForm, MentionForm
from annotations.models import Article, Dossier, Entity, MentionTagging
from annotations.refusals import refusal_message
from annotations.selectors import mention_candidates, reading
from annotations.services import mentions
from annotations.views.articles import reader_context


def _reader_with_suggestions(request, article_pk: int, status: int = 200, refusals=()):
    reader = reading.article_for_reading(pk=article_pk)
    context = reader_context(reader, request.user)
    context["mention_refusals"] = refusals
    context["suggestions"] = mention_candidates.article_suggestions(article=reader.article)
    from annotations import entities

    context["ner_available"] = entities.ner_available(reader.article.language or "fr")
    template = (
        "annotations/article_detail.html#reader"
        if request.htmx
        else "annotations/article_detail.html"
    )
    return render(request, template, context, status=status)


@require_GET
def article_suggestions(request, pk: int):
    get_object_or_404(Article, pk=pk)
    return _reader_with_suggestions(request, pk)


def _chosen(data: dict, article: Article) -> list[tuple]:
    """(start, end, actor id, label) of the mentions a decision is about."""
    if data["scope"] != "all":
        return [(data["start"], data["end"], data["actor_id"], data["label"])]
    return [
        (m["start"], m["end"], m["actor_id"], m["label"])
        for m in mention_candidates.article_suggestions(article=article)
        if data["decision"] == "dismiss" or m["actor_id"]
    ]


@require_POST
def mention_decide(request, pk: int):
    """Accept or dismiss one suggestion, or all of them at once; a refused one (someone
    else's highlight) is said on the page and leaves the others decided."""
    article = get_object_or_404(Article, pk=pk)
    form = MentionForm(request.POST)
    refused = []
    for start, end, actor_id, label in (
        _chosen(form.cleaned_data, article) if form.is_valid() else []
    ):
        try:
            if form.cleaned_data["decision"] == "accept":
                mentions.mention_accept(
                    user=request.user,
                    article=article,
                    start=start,
                    end=end,
                    actor_id=actor_id,
                    label=label,
                )
            else:
                mentions.mention_dismiss(user=request.user, article=article, start=start, end=end)
        except (ValidationError, PermissionDenied) as refusal:
            refused.append(refusal_message(refusal))
        except Entity.DoesNotExist:
            refused.append("That actor is no longer in the registry.")
    if len(refused) > 1:
        refused = [f"{len(refused)} mentions not decided. The first: {refused[0]}"]
    if not request.htmx:
        for refusal in refused:
            messages.error(request, refusal)
        refused = []
    return _reader_with_suggestions(request, pk, refusals=refused)


@require_http_methods(["GET", "POST"])
def tag_every_mention(request, slug: str):
    """Preview the matches of an actor's names, then tag them all in the background."""
    entity = get_object_or_404(Entity, slug=slug)
    chosen = DossierChoiceForm(request.POST if "dossier" in request.POST else request.GET)
    if not chosen.is_valid():
        return HttpResponseBadRequest("No such dossier.", content_type="text/plain; charset=utf-8")
    dossier = chosen.cleaned_data["dossier"]
    if request.method == "POST":
        try:
            tagging = mentions.mention_tagging_start(
                user=request.user, entity=entity, dossier=dossier
            )
        except ValidationError as error:
            messages.error(request, refusal_message(error))
        else:
            tasks.tag_every_mention.enqueue(tagging.pk)
            return redirect(tagging)
    context = {
        "entity": entity,
        "dossier": dossier,
        "dossiers": Dossier.objects.only("pk", "name"),
        **mention_candidates.mention_preview(entity=entity, dossier=dossier),
    }
    return render(request, "annotations/tag_every_mention.html", context)


@require_GET
def mention_tagging_detail(request, pk: int):
    tagging = get_object_or_404(MentionTagging.objects.select_related("entity", "dossier"), pk=pk)
    if tagging.created_by_id != request.user.pk and not request.user.is_staff:
        raise PermissionDenied("This run belongs to someone else.")
    template = "annotations/mention_tagging.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"tagging": tagging})
