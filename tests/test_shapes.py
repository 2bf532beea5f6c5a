"""The documents ``cxnotes log`` writes without the dataclasses are the documents the dataclasses write.

:mod:`cxnotes.domain.shapes` spells out the fields of a pain point, a customer, a fix and a
step so that the one-shot command need not import :mod:`cxnotes.domain.models`. These tests
hold the two spellings equal, field by field, so adding a field to one and not the other
fails here by name rather than as a record missing a field on the shell's side.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from cxnotes.domain import models, shapes

SHAPED = [
    (models.PainPoint, shapes.PAIN_POINT),
    (models.Customer, shapes.CUSTOMER),
    (models.Fix, shapes.FIX),
    (models.Step, shapes.STEP),
]


def default_of(field: dataclasses.Field[object]) -> object:
    """A dataclass field's default as a new record gets it (``shapes.NOW`` for "the moment it is made")."""
    if field.default is not dataclasses.MISSING:
        return field.default
    assert field.default_factory is not dataclasses.MISSING, field.name
    made = field.default_factory()
    return shapes.NOW if isinstance(made, datetime) else made


@pytest.mark.parametrize(("cls", "shape"), SHAPED, ids=lambda item: getattr(item, "__name__", ""))
def test_each_shape_has_the_dataclass_fields_in_order_with_the_same_defaults(
    cls: type[models.Record], shape: dict[str, object]
) -> None:
    fields = [f for f in dataclasses.fields(cls) if f.name != "id"]
    assert [f.name for f in fields] == list(shape)
    assert {f.name: default_of(f) for f in fields} == shape


@pytest.mark.parametrize(("cls", "shape"), SHAPED, ids=lambda item: getattr(item, "__name__", ""))
def test_a_new_document_reads_back_as_the_record_and_saves_as_the_same_document(
    cls: type[models.Record], shape: dict[str, object]
) -> None:
    doc = shapes.new_doc(shape)
    record = models.from_doc(cls, doc)
    assert models.to_doc(record) == doc
    assert len(doc["id"]) == 32 and doc["id"] != shapes.new_doc(shape)["id"]
    if "created_at" in doc:
        made = datetime.fromisoformat(str(doc["created_at"]))
        assert made.tzinfo is not None and abs((datetime.now().astimezone() - made).total_seconds()) < 60


def test_a_new_document_refuses_a_field_the_shape_does_not_have() -> None:
    with pytest.raises(TypeError, match="colour"):
        shapes.new_doc(shapes.FIX, title="환불 안내", colour="red")


def test_the_models_tables_are_the_shapes_tables() -> None:
    assert tuple(cls.TABLE for cls in models.MODELS) == shapes.TABLES


def test_the_default_value_chain_is_the_same_as_records_and_as_documents() -> None:
    records = [models.to_doc(step) for step in models.default_steps()]
    docs = shapes.default_step_docs()
    assert [{**d, "id": ""} for d in docs] == [{**r, "id": ""} for r in records]
