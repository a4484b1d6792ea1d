-- Samhandling's production database roles. Run once per cluster as a superuser:
--   psql -v owner_password="$OWNER_PW" -v web_password="$WEB_PW" -f deploy/postgresql/roles.sql
-- then `manage.py migrate` as samhandling_owner, then grants.sql as samhandling_owner
-- (after every migrate). See docs/deployment.md.
--
-- samhandling_owner  owns the schema and every table; runs migrations (DDL). Used only by the
--                    deploy step, never by the running web server or worker.
-- samhandling_web    the web server and the worker: read and write rows, nothing else. No DDL
--                    (no CREATE on the schema), no TRUNCATE, and on the audit log only SELECT and
--                    INSERT, so it can neither change nor empty the log whatever the application does.

\set ON_ERROR_STOP on

CREATE ROLE samhandling_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE samhandling_web LOGIN PASSWORD :'web_password' CONNECTION LIMIT 200;
-- A runaway query from the web cannot hold the database for ever.
ALTER ROLE samhandling_web SET statement_timeout = '30s';
ALTER ROLE samhandling_web SET idle_in_transaction_session_timeout = '60s';

CREATE DATABASE samhandling OWNER samhandling_owner TEMPLATE template0 ENCODING 'UTF8';
REVOKE ALL ON DATABASE samhandling FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE samhandling TO samhandling_owner, samhandling_web;

\connect samhandling
ALTER SCHEMA public OWNER TO samhandling_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO samhandling_web;

-- Tables and sequences that migrations create later are usable by the web role at once;
-- grants.sql narrows the audit table after each migrate.
ALTER DEFAULT PRIVILEGES FOR ROLE samhandling_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO samhandling_web;
ALTER DEFAULT PRIVILEGES FOR ROLE samhandling_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO samhandling_web;
