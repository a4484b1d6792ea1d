"""Exit 0 when a PostgreSQL server answers at the given URL; with --create, create its database if missing."""

import sys
from urllib.parse import urlparse, urlunparse

import psycopg
from psycopg import sql

url = sys.argv[1]
try:
    psycopg.connect(url, connect_timeout=3).close()
except psycopg.OperationalError as exc:
    if "--create" not in sys.argv or "does not exist" not in str(exc):
        sys.exit(1)
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
