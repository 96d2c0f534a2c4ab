"""The curation desk in the Django admin (Secretariat staff only): correct an entry on its page, merge the
entries selected in the list, split an entry from its page, confirm or correct its labels, and read every
entry's curation history.

Every change goes through tipreg.store.curation.records, as `tipreg curate` does: the same checks, the same
history, author = the logged-in user. Entries are never added or deleted here: a stable id stays published.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tipreg.model import PROVISION_KINDS
from tipreg.store.curation.models import CurationEvent, Redirect
from tipreg.store.curation.records import (
    CORRECTABLE,
    CurationError,
    check_unchanged,
    checked_value,
    correct,
    entry_version,
    history,
    merge_all,
    resolve,
    split,
)
from tipreg.store.labels.records import BACK_TO_COMPUTED, LabelError, correct_labels
from tipreg.store.models import Provision
from tipreg.web.curation.labels import FIELD_NAMES, LabelForm, history_lines, labelled_items
from tipreg.web.curation.review import review_page
from tipreg.web.register.templatetags.register_tags import kind_label

OPTIONAL = ("number", "heading", "meeting", "year", "subitems")
# The entry's fields and the curations as the desk names them, in the interface's language (the store's models
# name them in English only; their tables are not the desk's to change).
FIELD_LABELS = {
    "id": _("id"),
    "text": _("text"),
    "number": _("number"),
    "subitems": _("sub-items"),
    "heading": _("heading"),
    "kind": _("kind"),
    "meeting": _("meeting"),
    "year": _("year"),
    "text_original": _("text as published"),
}
ACTION_LABELS = {"correct": _("correction"), "merge": _("merge"), "split": _("split")}


def column(field: str, description: object, names: Mapping[str, object] | None = None) -> Callable[[Any], Any]:
    """A list column showing a model's field under a name in the interface's language, sortable by it; with
    `names`, each value by its name there."""

    @admin.display(description=description, ordering=field)
    def shown(record: Any) -> Any:
        value = getattr(record, field)
        return names.get(value, value) if names else value

    shown.__name__ = field
    return shown


class EntryForm(forms.ModelForm):
    """The correctable fields, each checked as `tipreg curate correct` checks it."""

    kind = forms.ChoiceField(
        label=capfirst(FIELD_LABELS["kind"]), choices=lambda: [(k, kind_label(k)) for k in PROVISION_KINDS]
    )
    seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)  # entry_version when the page was drawn

    class Meta:
        model = Provision
        fields = CORRECTABLE
        labels: ClassVar[dict[str, object]] = {name: capfirst(FIELD_LABELS[name]) for name in CORRECTABLE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in OPTIONAL:
            self.fields[name].required = False
        self.fields["seen"].initial = entry_version(self.instance.pk)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # A form drawn before another curator's change would put their fields back as it shows them.
        if cleaned.get("seen") is not None:
            try:
                check_unchanged(self.instance.pk, cleaned["seen"])
            except CurationError as exc:
                raise forms.ValidationError(str(exc)) from exc
        for name in set(self.changed_data) & set(CORRECTABLE):
            try:
                cleaned[name] = checked_value(name, cleaned.get(name))
            except CurationError as exc:
                self.add_error(name, str(exc))
        return cleaned


class SplitForm(forms.Form):
    at = forms.CharField(label=_("The second part begins with"), max_length=500)
    number = forms.CharField(label=_("Number of the second part"), max_length=40, required=False)


@admin.register(Provision)
class EntryAdmin(admin.ModelAdmin):
    form = EntryForm
    list_display = (
        column("id", FIELD_LABELS["id"]),
        *(column(field, FIELD_LABELS[field]) for field in ("kind", "meeting", "number")),
        "short_text",
    )
    list_filter = ("kind", "meeting")
    search_fields = ("id", "number", "text")
    ordering = ("meeting", "number_key", "kind", "id")
    fields = ("entry_id", *CORRECTABLE, "printed_text", "tools", "curation_history")
    readonly_fields = ("entry_id", "printed_text", "tools", "curation_history")
    actions = ("merge_entries",)
    change_form_template = "curation/change_form.html"  # the form's hidden `seen`, outside the fieldsets
    change_list_template = "curation/change_list.html"  # a link to the themes to check

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Provision | None = None) -> bool:
        return False

    @admin.display(description=_("text"))
    def short_text(self, entry: Provision) -> str:
        return entry.text[:120]

    @admin.display(description=FIELD_LABELS["id"])
    def entry_id(self, entry: Provision) -> str:
        return entry.pk

    @admin.display(description=FIELD_LABELS["text_original"])
    def printed_text(self, entry: Provision) -> str:
        return entry.text_original

    @admin.display(description=_("curate"))
    def tools(self, entry: Provision) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:store_provision_labels", args=[entry.pk]),
            _("Confirm or correct its labels"),
            reverse("admin:store_provision_split", args=[entry.pk]),
            _("Split this entry"),
            reverse("provision_detail", args=[entry.pk]),
            _("Public page"),
        )

    @admin.display(description=_("history"))
    def curation_history(self, entry: Provision) -> str:
        events = history(entry.pk)
        if not events:
            return str(_("No curation yet."))
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    event.created_at.strftime("%Y-%m-%d %H:%M"),
                    ACTION_LABELS[event.action],
                    event.author,
                    _event_summary(event),
                )
                for event in events
            ),
        )
        return format_html("<table><tbody>{}</tbody></table>", rows)

    def save_model(self, request: HttpRequest, obj: Provision, form: forms.ModelForm, change: bool) -> None:
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in CORRECTABLE}
        if changes:
            correct(obj.pk, changes, request.user.get_username(), form.cleaned_data["seen"])

    def change_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any) -> HttpResponse:
        return _to_kept_entry(request, object_id, "change") or super().change_view(request, object_id, *args, **kwargs)

    def get_urls(self) -> list:
        split_view = self.admin_site.admin_view(self.split_view)
        labels_view = self.admin_site.admin_view(self.labels_view)
        review_view = self.admin_site.admin_view(self.review_view)
        return [
            path("review/", review_view, name="store_provision_review"),  # before the admin's <object_id>/ pages
            path("<str:object_id>/split/", split_view, name="store_provision_split"),
            path("<str:object_id>/labels/", labels_view, name="store_provision_labels"),
            *super().get_urls(),
        ]

    def labels_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Every item's labels, each with its own form; a save records one item's corrections, all or none."""
        if moved := _to_kept_entry(request, object_id, "labels"):
            return moved
        entry = get_object_or_404(Provision, pk=object_id)
        if not self.has_change_permission(request, entry):
            return HttpResponse(status=403)
        posted = request.POST.get("item") if request.method == "POST" else None
        forms_shown = [
            LabelForm(
                request.POST if posted == str(index) else None, prefix=f"item{index}", entry_id=entry.pk, item=item
            )
            for index, item in enumerate(labelled_items(entry))
        ]
        if posted is not None and posted.isdigit() and int(posted) < len(forms_shown):
            form = forms_shown[int(posted)]
            if form.is_valid():
                return self._save_labels(request, entry, form)
        title = _("Labels of %(id)s") % {"id": entry.pk}
        history = history_lines(entry.pk)
        return self._page(request, "curation/labels.html", title, entry=entry, forms=forms_shown, history=history)

    def _save_labels(self, request: HttpRequest, entry: Provision, form: LabelForm) -> HttpResponse:
        again = HttpResponseRedirect(reverse("admin:store_provision_labels", args=[entry.pk]))
        changes = form.changes()
        where = form.item.path or _("the entry")
        if not changes:
            self.message_user(
                request,
                _("Nothing to record for %(item)s: change a label or tick it to confirm.") % {"item": where},
                messages.WARNING,
            )
            return again
        try:
            drawn = form.cleaned_data["seen"], form.cleaned_data["computed"]
            correct_labels(entry.pk, changes, request.user.get_username(), form.item.path, *drawn)
        except LabelError as exc:  # LabelConflict, LabelsRecomputed included: the page shows them as they are now
            self.message_user(request, f"{where}: {exc}", messages.ERROR)
            return again
        recorded = ", ".join(str(_recorded(value)) % {"field": FIELD_NAMES[field]} for field, value in changes.items())
        self.message_user(request, _("Recorded for %(item)s: %(what)s.") % {"item": where, "what": recorded})
        return again

    def review_view(self, request: HttpRequest) -> HttpResponse:
        """The themes to check first (the queue `tipreg review` prints), a page of items at a time."""
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        meeting = request.GET.get("meeting", "")
        queue = review_page(meeting, request.GET.get("page"))
        title = _("Themes to check")
        return self._page(request, "curation/review.html", title, queue=queue, meeting=meeting)

    def split_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if moved := _to_kept_entry(request, object_id, "split"):
            return moved
        entry = get_object_or_404(Provision, pk=object_id)
        if not self.has_change_permission(request, entry):
            return HttpResponse(status=403)
        form = SplitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                event = split(
                    entry.pk, form.cleaned_data["at"], request.user.get_username(), form.cleaned_data["number"] or None
                )
            except CurationError as exc:
                form.add_error("at", str(exc))
            else:
                self.message_user(request, _("Split: the second part is %(id)s.") % {"id": event.other_id})
                return HttpResponseRedirect(reverse("admin:store_provision_change", args=[entry.pk]))
        return self._page(request, "curation/split.html", _("Split %(id)s") % {"id": entry.pk}, entry=entry, form=form)

    @admin.action(description=_("Merge the selected entries into one"))
    def merge_entries(self, request: HttpRequest, entries: QuerySet[Provision]) -> HttpResponse | None:
        """First answer: a page to choose the entry to keep; then the others are merged into it."""
        chosen = list(entries.order_by("meeting", "number_key", "id"))
        if len(chosen) < 2:
            self.message_user(request, _("Select at least two entries to merge."), messages.WARNING)
            return None
        keep_id = request.POST.get("keep")
        if keep_id in {entry.pk for entry in chosen}:
            try:
                others = [entry.pk for entry in chosen if entry.pk != keep_id]
                merge_all(keep_id, others, request.user.get_username())
            except CurationError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return None
            self.message_user(request, _("Merged into %(id)s.") % {"id": keep_id})
            return HttpResponseRedirect(reverse("admin:store_provision_change", args=[keep_id]))
        return self._page(request, "curation/merge.html", _("Merge entries"), entries=chosen)

    def _page(self, request: HttpRequest, template: str, title: str, **context: Any) -> TemplateResponse:
        """One of the desk's own pages, inside the admin's frame (its header, breadcrumbs and messages)."""
        frame = {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta}
        return TemplateResponse(request, template, {**frame, **context})


def _recorded(value: Any) -> str:
    """What a save did to one field, as its message says it."""
    if value == BACK_TO_COMPUTED:
        return _("%(field)s back to the computed labels")
    return _("%(field)s confirmed") if value is None else _("%(field)s corrected")


def _to_kept_entry(request: HttpRequest, object_id: str, page: str) -> HttpResponse | None:
    """A merged-away id's desk page leads to the kept entry's, saying so (the admin would call it deleted);
    None for an entry that is there, or an unknown id."""
    kept = resolve(object_id)
    if kept is None or kept == object_id:
        return None
    messages.info(request, _("Entry %(old)s was merged into this one, %(kept)s.") % {"old": object_id, "kept": kept})
    return HttpResponseRedirect(reverse(f"admin:store_provision_{page}", args=[kept]))


def _event_summary(event: CurationEvent) -> str:
    """What an event did, in a line: the fields it changed, or the entry merged in or split off."""
    if event.action == CurationEvent.Action.MERGE:
        return str(_("merged %(other)s into %(entry)s")) % {"other": event.other_id, "entry": event.provision_id}
    if event.action == CurationEvent.Action.SPLIT:
        return str(_("split %(other)s off %(entry)s")) % {"other": event.other_id, "entry": event.provision_id}
    before, after = event.before[event.provision_id], event.after[event.provision_id]
    return "; ".join(
        f"{FIELD_LABELS[name]}: {before[name]!s:.60} → {after[name]!s:.60}"
        for name in CORRECTABLE
        if before[name] != after[name]
    )


@admin.register(CurationEvent)
class CurationEventAdmin(admin.ModelAdmin):
    """The history, read-only: it is written by the curations themselves."""

    list_display = (
        column("created_at", _("when")),
        column("action", _("action"), ACTION_LABELS),
        column("provision_id", _("entry")),
        column("other_id", _("other entry")),
        column("author", _("author")),
    )
    fields = readonly_fields = (*list_display, "what_changed")  # an event's page: the same, and what it did
    list_filter = ("action", "author")
    search_fields = ("provision_id", "other_id", "author")

    @admin.display(description=_("what changed"))
    def what_changed(self, event: CurationEvent) -> str:
        return _event_summary(event)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Redirect)
class RedirectAdmin(CurationEventAdmin):
    """Merged-away ids and the entries they lead to."""

    list_display = (column("old_id", _("merged id")), column("provision", _("entry")), column("created_at", _("when")))
    fields = readonly_fields = list_display
    list_filter = ()
    search_fields = ("old_id", "provision__id")
