class ApplicationError(Exception):
    """A business rule said no. The message is safe to show to the person who asked."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
