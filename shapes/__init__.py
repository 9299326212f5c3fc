"""Package resource folder: shapes files shipped in the wheel and read through importlib.resources."""
