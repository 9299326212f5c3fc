"""Graph: reports → RDF (rdflib), one named graph per report."""

from .report import Statements, Triples, new_graph, report_graph, report_node, report_statements, report_triples

__all__ = ["Statements", "Triples", "new_graph", "report_graph", "report_node", "report_statements", "report_triples"]
