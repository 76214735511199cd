"""Comments on a draft and an editor's request for changes."""


class CommentsAdminMixin:
    pass
