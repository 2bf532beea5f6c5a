"""The one error the export package raises; its text is shown to the user as is."""

from __future__ import annotations


class ExportError(Exception):
    """An export or import could not be done; ``str(error)`` is a one-line user message.

    The export package does not import the CLI, so the shell turns this into its own
    ``UserError`` and the app into a notification.
    """
