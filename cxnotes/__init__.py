"""cxnotes: keyboard-first notes for customer-experience teams."""

__version__ = "0.1.0"
"""The version, written only here: ``pyproject.toml`` takes it from this line (``dynamic``)."""
