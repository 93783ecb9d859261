"""
Claims in and out of the ledger: the CSV / JSON Lines interchange columns and
ClaimReview (schema.org), read into validated rows (rows.py), written by
ClaimImporter (importer.py) with history, and exported by the `export_claims`
command.
"""
