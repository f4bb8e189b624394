-- Carnet's database and roles on an external PostgreSQL server (13 or later; developed on 17).
--
-- Run once, as a superuser (or a managed service's admin role), with psql, passwords from the environment:
--
--   psql "host=db.example.org user=postgres dbname=postgres" \
--     -v owner_password="$CARNET_OWNER_PASSWORD" -v app_password="$CARNET_APP_PASSWORD" \
--     -f ops/postgres/roles.sql
--
-- Two roles, as the embedded server of development creates them:
--   carnet_owner  owns the database and the schema; Carnet's Liquibase migrations run as this role at every start.
--   carnet_app    the application's connections; reads and writes data, never changes the schema, and may only
--                 INSERT into the audit ledger (no UPDATE, DELETE or TRUNCATE on access_events).
-- Table privileges are not granted here: db/changelog/privileges.yaml grants them to carnet_app after every migration
-- (SELECT, INSERT, UPDATE, DELETE on all tables, USAGE on sequences) and then revokes UPDATE, DELETE and TRUNCATE on
-- access_events. Triggers refuse UPDATE, DELETE and TRUNCATE on the audit tables for every role on top of that.

\set ON_ERROR_STOP on

create role carnet_owner login password :'owner_password'
  nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
create role carnet_app login password :'app_password'
  nosuperuser nocreatedb nocreaterole noreplication nobypassrls;

create database carnet owner carnet_owner;

\connect carnet

-- nobody else may connect or create temporary tables; the owner keeps its rights as owner
revoke all on database carnet from public;
grant connect on database carnet to carnet_app;

-- the schema belongs to the owner; the application may use it but not create objects in it
alter schema public owner to carnet_owner;
revoke create on schema public from public;
grant usage on schema public to carnet_app;

-- the application must never own a table (an owner can grant itself any privilege back)
-- nor be a member of the owner role: check with \du that carnet_app has no "Member of"
