"""Domain errors. Each carries the file (or input) it concerns and a reason a user can act on."""

from __future__ import annotations


class ReviewerError(Exception):
    """Base of every error reviewer raises on purpose; the CLI and UI print ``str(error)`` as one line."""

    def __init__(self, source: str, reason: str):
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")


class UnreadableDocument(ReviewerError):
    """The file exists but its content cannot be read (corrupt, truncated, empty, no text)."""


class UnsupportedFormat(UnreadableDocument):
    """The content is of a format reviewer does not read."""


class EncryptedDocument(UnreadableDocument):
    """The file is password-protected."""


class DocumentTooLarge(UnreadableDocument):
    """The file exceeds the configured size or page limit."""


class ConverterMissing(UnreadableDocument):
    """A system tool needed for this format (tesseract, antiword, soffice) is not installed."""


class ModelNotFound(ReviewerError):
    """No trained model where one was expected."""


class StoreUnavailable(ReviewerError):
    """The database cannot be opened (unreachable server, refused login, malformed URL, unwritable file)."""


class BadInput(ReviewerError):
    """A line or record of user input is malformed."""


class PermissionDenied(ReviewerError):
    """The signed-in user's role does not allow the action."""

    @classmethod
    def for_role(cls, username: str, role: str, what: str) -> PermissionDenied:
        """``a department user may not …``, ``an officer user may not …`` (the desk translates this wording)."""
        article = "an" if role[:1].lower() in "aeiou" else "a"
        return cls(username, f"{article} {role} user may not {what}")


class DecisionConflict(ReviewerError):
    """Someone else decided the same proposal first; ``current`` holds their decision."""

    def __init__(self, source: str, reason: str, current: object = None):
        super().__init__(source, reason)
        self.current = current
