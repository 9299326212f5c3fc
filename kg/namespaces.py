"""Every RDF namespace the project writes, defined once."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/fazhi-kg/"

FZ = Namespace(BASE + "ontology#")
"""Classes and properties of the Fazhi KG ontology."""
FZC = Namespace(BASE + "concept/")
"""SKOS concepts whose local names are the public catalog ids."""
FZU = Namespace(BASE + "unit/")
"""Units of measure (local name = the unit as written, e.g. 家次)."""
FZD = Namespace(BASE + "id/")
"""Instance data: reports, bureaus, sections, sentences, divisions."""

ORG = Namespace("http://www.w3.org/ns/org#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
QB = Namespace("http://purl.org/linked-data/cube#")
ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
OA = Namespace("http://www.w3.org/ns/oa#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
FZP = Namespace(BASE + "post/")
"""Post titles (local name = the title, e.g. 局长)."""

PREFIXES: dict[str, Namespace] = {
    "fz": FZ,
    "fzc": FZC,
    "fzu": FZU,
    "fzd": FZD,
    "org": ORG,
    "nif": NIF,
    "eli": ELI,
    "qb": QB,
    "odrl": ODRL,
    "oa": OA,
    "foaf": FOAF,
    "fzp": FZP,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

__all__ = [
    "BASE", "FZ", "FZC", "FZU", "FZD", "FZP", "FOAF", "ORG", "NIF", "ELI", "QB", "ODRL", "OA", "PROV",
    "DCTERMS", "SKOS", "OWL", "RDF", "RDFS", "XSD", "PREFIXES",
]
