-- Run as samhandling_owner after every `manage.py migrate` (idempotent):
--   psql "$OWNER_DATABASE_URL" -f deploy/postgresql/grants.sql
-- Gives the web role row access to every table, then takes back what it must never have.

\set ON_ERROR_STOP on

GRANT USAGE ON SCHEMA public TO samhandling_web;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO samhandling_web;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO samhandling_web;
REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM samhandling_web;

-- The audit log is append-only for the application: read and add, never change or remove.
REVOKE UPDATE, DELETE ON audit_auditevent FROM samhandling_web;
-- The migrations history is the owner's business.
REVOKE INSERT, UPDATE, DELETE ON django_migrations FROM samhandling_web;
