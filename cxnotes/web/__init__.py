"""``cxnotes serve``: the app in a browser, one app process per tab (see :mod:`cxnotes.web.server`).

Nothing here imports aiohttp or textual-serve at import time: the app itself reads
:mod:`cxnotes.web.keys` when it finds it runs in a browser, and ``cxnotes call``
must not pay for a web server.
"""
