"""Build the bundled Visa Bulletin data from the shared sources, or add a month from a page.

A development tool, standard library only, never imported by the runtime (`cspa_lib.bulletin`
reads the CSV files it writes). Entry point: `cspa_lib.importer.cli.main`.
"""
