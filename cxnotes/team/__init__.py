"""A team shares one store through PostgreSQL; each member keeps working on its own.

Local first
-----------
Every operator keeps the local SQLite store as before: typing, autosave and crash
safety never wait for the network. When the store has joined a team
(``cxnotes team join URL``), the app and the CLI push local changes to the team
database and pull everyone else's (:mod:`cxnotes.team.sync`), in the background.

The conflict rule
-----------------
Documents are whole records keyed (table, id). When the same record was changed on
two members while they were apart, **the version the server received last wins, on
every member**. The other version is never dropped: the server keeps it in its
``conflicts`` table (who lost, who won, when), and the member whose own version lost
keeps it in its local ``conflicts`` table when the winner arrives.
``cxnotes team status`` lists them. "Apart" means the writer had not pulled the
version it replaced; a change made after pulling the other's is an ordinary edit.

A local change not yet pushed is never overwritten by a pull: it reaches the server
after the pulled version, so by the rule it wins, and the pulled version becomes
the conflict on the server.

Twins
-----
Fixes created offline on two members with the same title (folded: case, spaces,
Unicode form), and customers with the same folded name, become one after a sync:
see :mod:`cxnotes.team.fold`.
"""
