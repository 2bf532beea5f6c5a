"""The lead's corrections to who is who: merge two customers, or split one wrongly joined.

The team sync makes customers of one folded name into one (:mod:`cxnotes.team.fold`),
and operators type names by hand: two records of one person, or one record of two
people, both happen. Each correction is one store batch, synced like any edit.

- :func:`merge`: the source gets ``merged_into`` the target (kept, so nothing about it is
  lost), and its calls, pain points and promises point to the target.
- :func:`split`: the chosen calls, with their pain points and promises, move to a new
  customer. The new one needs a name that tells the two apart ("김민준 (부산)"): customers
  are found by name on every member, so a same-named pair would be joined again at the
  next sync.
"""

from __future__ import annotations

from collections.abc import Iterable

from cxnotes.domain.models import Call, Customer, PainPoint, Promise, Record, from_doc
from cxnotes.i18n import _
from cxnotes.services.customers import CustomerError, typed_name
from cxnotes.storage.store import Store


def merge(store: Store, source_id: str, target_id: str) -> Customer:
    """Make ``source_id`` one with ``target_id``; return the target.

    Raises:
        CustomerError: the two are the same, either is gone, or either was merged already.
        StoreWriteError: nothing was written.
    """
    source, target = store.get(Customer, source_id), store.get(Customer, target_id)
    if source is None or target is None:
        raise CustomerError(_("That customer is gone (another member changed it); refresh and try again."))
    if source.id == target.id:
        raise CustomerError(_("Choose another customer to merge into."))
    if source.merged_into:
        raise CustomerError(_("{name} is merged already.").format(name=source.name))
    if target.merged_into:
        raise CustomerError(
            _("{name} was merged into another customer: merge into that one.").format(name=target.name)
        )
    source.merged_into = target.id
    moved: list[Record] = [source]
    for record in _belonging(store, source.id):
        record.customer_id = target.id
        moved.append(record)
    store.put(*moved)
    return target


def split(store: Store, customer_id: str, call_ids: Iterable[str], name: str) -> Customer:
    """Move the chosen calls (and their pain points and promises) to a new customer named ``name``.

    Raises:
        CustomerError: no call chosen, a call not this customer's, no name, or a name that
            another customer has already (it would be joined with them again).
        NameTaken: another process gave a customer that name meanwhile.
        StoreWriteError: nothing was written.
    """
    customer = store.get(Customer, customer_id)
    if customer is None:
        raise CustomerError(_("That customer is gone (another member changed it); refresh and try again."))
    chosen = set(call_ids)
    if not chosen:
        raise CustomerError(_("Choose the calls that belong to the other person (Space)."))
    calls = [call for call in store.where(Call, customer_id=customer.id) if call.id in chosen]
    if len(calls) != len(chosen):
        raise CustomerError(_("Some chosen calls are not this customer's any more; refresh and try again."))
    new_name = typed_name(name)
    if not new_name:
        raise CustomerError(_("Give the other person a name."))
    if store.customer_named(new_name) is not None:
        raise CustomerError(
            _("A customer named {name} exists: give a name that tells them apart, e.g. {example}.").format(
                name=new_name, example=_("{name} (Busan)").format(name=new_name)
            )
        )
    other = Customer(name=new_name, segment=customer.segment, plan=customer.plan)
    moved: list[Record] = [other]
    for call in calls:
        call.customer_id = other.id
        moved.append(call)
        records: list[PainPoint | Promise] = [*store.pain_points_of(call.id), *store.promises_of(call.id)]
        for record in records:
            if record.customer_id == customer.id:
                record.customer_id = other.id
                moved.append(record)
    store.write(put=moved, new_names=[other])
    return other


def _belonging(store: Store, customer_id: str) -> list[Call | PainPoint | Promise]:
    """Every call, pain point and promise of a customer (calls and promises through their index)."""
    found: list[Call | PainPoint | Promise] = [*store.where(Call, customer_id=customer_id)]
    found += store.where(Promise, customer_id=customer_id)
    found += [from_doc(PainPoint, d) for d in store.docs(PainPoint) if d.get("customer_id") == customer_id]
    return found
