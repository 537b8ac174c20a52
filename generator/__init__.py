"""claimsite: claim records in, a report site and PDF out."""
