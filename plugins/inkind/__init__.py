"""In-kind goods (barang): a list of items an initiative needs; supporters pledge to bring some."""
