"""`python -m generator` runs the statusgen command line."""
from .cli import main

main(prog_name="statusgen")
