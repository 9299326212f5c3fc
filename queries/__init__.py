"""Package resource folder: queries files shipped in the wheel and read through importlib.resources."""
