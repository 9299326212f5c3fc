"""Graph: reports → RDF (rdflib), one named graph per report."""

from .report import new_graph, report_graph, report_node

__all__ = ["new_graph", "report_graph", "report_node"]
