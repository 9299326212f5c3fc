"""Fazhi KG: Chinese annual rule-of-law reports → RDF knowledge graph.

The package is laid out by pipeline stage: ``read`` (bytes → text), ``normalise``
(clean simplified text with an offset map), ``structure`` (sections, sentences,
report parts), ``metadata``, ``graph`` (RDF), ``query`` and ``build`` (the whole run).
Nothing is loaded at import time.
"""

__version__ = "0.1.0"

#: Bumped whenever a change in the pipeline changes the graph it produces.
PIPELINE_VERSION = "4"
