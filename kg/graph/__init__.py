"""Graph: reports → RDF (rdflib), one named graph per report."""

from .report import Triples, new_graph, report_graph, report_node, report_triples

__all__ = ["Triples", "new_graph", "report_graph", "report_node", "report_triples"]
