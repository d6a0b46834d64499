"""Build the bundled Visa Bulletin data from the shared sources, add a month from a saved page, or
fetch the months published since the data's last one (`update`).

A maintenance tool, standard library only (urllib for `update`), never imported by the runtime
(`cspa_lib.bulletin` reads the CSV files it writes). Entry point: `cspa_lib.importer.cli.main`.
"""
