"""Every RDF namespace the project writes, defined once."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS as _DCTERMS
from rdflib.namespace import OWL as _OWL
from rdflib.namespace import PROV as _PROV
from rdflib.namespace import RDF as _RDF
from rdflib.namespace import RDFS as _RDFS
from rdflib.namespace import SKOS as _SKOS
from rdflib.namespace import XSD as _XSD

BASE = "https://w3id.org/fazhi-kg/"


class VocabNamespace(Namespace):
    """A namespace whose terms are made once: vocabulary terms are used millions of times when
    building large graphs, and rdflib validates every new URIRef."""

    _terms: dict[tuple[str, str], URIRef] = {}

    def term(self, name: str) -> URIRef:
        key = (str(self), name)
        found = VocabNamespace._terms.get(key)
        if found is None:
            found = VocabNamespace._terms[key] = super().term(name)
        return found

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        found = self.term(name)
        self.__dict__[name] = found  # later FZ.name lookups skip __getattr__
        return found


DCTERMS = VocabNamespace(str(_DCTERMS))
OWL = VocabNamespace(str(_OWL))
PROV = VocabNamespace(str(_PROV))
RDF = VocabNamespace(str(_RDF))
RDFS = VocabNamespace(str(_RDFS))
SKOS = VocabNamespace(str(_SKOS))
XSD = VocabNamespace(str(_XSD))

FZ = VocabNamespace(BASE + "ontology#")
"""Classes and properties of the Fazhi KG ontology."""
FZC = VocabNamespace(BASE + "concept/")
"""SKOS concepts whose local names are the public catalog ids."""
FZU = VocabNamespace(BASE + "unit/")
"""Units of measure (local name = the unit as written, e.g. 家次)."""
FZD = Namespace(BASE + "id/")
"""Instance data: reports, bureaus, sections, sentences, divisions."""

ORG = VocabNamespace("http://www.w3.org/ns/org#")
NIF = VocabNamespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ELI = VocabNamespace("http://data.europa.eu/eli/ontology#")
QB = VocabNamespace("http://purl.org/linked-data/cube#")
ODRL = VocabNamespace("http://www.w3.org/ns/odrl/2/")
OA = VocabNamespace("http://www.w3.org/ns/oa#")
FOAF = VocabNamespace("http://xmlns.com/foaf/0.1/")
FZP = VocabNamespace(BASE + "post/")
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
