"""Extraction: what a report claims — practices with modality, metrics, cited documents, people."""

from __future__ import annotations

from dataclasses import dataclass

from ..structure import Document
from .documents import CitedDocument, extract_documents
from .metrics import Observation, extract_metrics
from .persons import PersonMention, extract_persons
from .practices import Claim, extract_practices

__all__ = ["Extraction", "extract", "Claim", "Observation", "CitedDocument", "PersonMention"]


@dataclass
class Extraction:
    claims: list[Claim]
    observations: list[Observation]
    citations: list[CitedDocument]
    persons: list[PersonMention]


def extract(doc: Document) -> Extraction:
    """All facts of ``doc``, each tied to its sentence and span."""
    return Extraction(extract_practices(doc), extract_metrics(doc), extract_documents(doc), extract_persons(doc))
