"""kefu: the library behind the scripts. Logging is configured by the scripts, never here."""
import logging

logging.getLogger("kefu").addHandler(logging.NullHandler())
