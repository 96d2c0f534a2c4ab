from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tipreg.web.reports.models import ImplementationReport

IMPORT_MAX_BYTES = 5 * 1024 * 1024
NARRATIVE_MAX_LENGTH = 20_000
SUBMIT, DRAFT = "submit", "draft"


class ReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ImplementationReport.Status.choices)
    narrative = forms.CharField(
        label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 8}), required=False, max_length=NARRATIVE_MAX_LENGTH
    )
    # The version the editor loaded (empty for a new report), sent back to detect concurrent saves.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    # Which button was pressed: keep it a draft, or submit it (then it counts in the public dashboards).
    action = forms.ChoiceField(choices=[(DRAFT, DRAFT), (SUBMIT, SUBMIT)])


class EvidenceForm(forms.Form):
    # An empty file is refused by filing.evidence_type, which says so ("the file is empty"), as for every refusal.
    file = forms.FileField(label=_("File"), allow_empty_file=True)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"), allow_empty_file=True)  # transfer.read_rows says it is empty

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
