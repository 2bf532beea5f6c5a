"""What cxnotes does with the records: ranking, triage and suggestions, follow-ups, trends, a live
call's session, complaints, customers, the demo. They read and write through the store's
interface (:class:`cxnotes.storage.store.Store`) and never import Textual.
"""
