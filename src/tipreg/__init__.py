"""tipreg: the consolidated register of the recommendations of the UN Working Group on Trafficking in Persons."""

__version__ = "0.1.0"
