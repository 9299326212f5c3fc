"""Package resource folder: ontology files shipped in the wheel and read through importlib.resources."""
