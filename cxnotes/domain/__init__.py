"""The domain: cxnotes' records and the rules every entry path shares (no I/O, no Textual).

Models, dates, text hygiene, money and validation: pure functions and dataclasses that the
storage, the services, the screens and the CLI all build on.
"""
