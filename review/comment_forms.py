"""The forms of the review loop: a comment on a draft, and the note of a request for changes
that rides along with the item's own change form."""

from django import forms

from editorial.models import Status
from review.models import Comment

COMMENT_MAX_LENGTH = Comment._meta.get_field("body").max_length


class PlainTextField(forms.CharField):
    """Text typed in a textarea, kept as plain text.

    Browsers send each line break as CRLF but count it as one character against
    `maxlength`; counting it as one here too means a note the browser let through is never
    refused for its length.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", COMMENT_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class CommentForm(forms.Form):
    body = PlainTextField(
        label="Add a comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write something before posting a comment."},
        help_text=f"Plain text, at most {COMMENT_MAX_LENGTH:,} characters. The others working "
        "on this item are notified. Posting reloads this page: save your changes to the item "
        "first.",
    )


def review_note_field():
    return PlainTextField(
        label="Note for the writer (required to request changes)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Plain text. It stands at the top of the form until the item is submitted "
        "for review again.",
    )


class RequestChangesFormMixin:
    """What "Request changes" asks of a change form: someone who may publish, an item in
    review, and a note saying what needs to change. `may_request_changes` and `action` are
    set per request by CommentsAdminMixin.get_form; the form declares `review_note`."""

    may_request_changes = False

    def clean(self):
        cleaned_data = super().clean()
        if self.action != "request_changes":
            return cleaned_data
        if not self.may_request_changes:
            raise forms.ValidationError(
                "Only an editor who may publish this item can request changes. Add a comment "
                "instead: everyone working on the item sees it."
            )
        # clean() runs before the form's values are applied to the instance.
        if not self.instance.pk or self.instance.status != Status.REVIEW:
            raise forms.ValidationError(
                "Only an item in review can be sent back with changes requested."
            )
        if not cleaned_data.get("review_note", "").strip():
            self.add_error(
                "review_note", "Say what needs to change: the writer sees your note on the form."
            )
        return cleaned_data
