"""The namespaces of ``kg.namespaces`` with their terms as N-Triples IRIs, for the graph builder."""

from .. import namespaces as ns
from .terms import Vocabulary

DCTERMS, ELI, FOAF, FZ, FZC, NIF, ORG, PROV, QB, RDF, RDFS, SKOS = (Vocabulary(n) for n in (
    ns.DCTERMS, ns.ELI, ns.FOAF, ns.FZ, ns.FZC, ns.NIF, ns.ORG, ns.PROV, ns.QB, ns.RDF, ns.RDFS, ns.SKOS))
