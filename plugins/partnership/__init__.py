"""Partnership (kemitraan): proposals from businesses, UMKM, government, other OMS, academia and media."""
