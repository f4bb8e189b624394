-- After Carnet has started once against the database (so that migrations and privileges.yaml have run), check that
-- the application role cannot change the audit ledger. Run as any role: psql ... -d carnet -f check-privileges.sql
-- Every line must say f (false) except the first two (t).

select 'INSERT'   as privilege, has_table_privilege('carnet_app', 'access_events', 'INSERT')   as granted
union all
select 'SELECT',   has_table_privilege('carnet_app', 'access_events', 'SELECT')
union all
select 'UPDATE',   has_table_privilege('carnet_app', 'access_events', 'UPDATE')
union all
select 'DELETE',   has_table_privilege('carnet_app', 'access_events', 'DELETE')
union all
select 'TRUNCATE', has_table_privilege('carnet_app', 'access_events', 'TRUNCATE')
union all
select 'owns a table', exists (select 1 from pg_tables where tableowner = 'carnet_app')
union all
select 'member of carnet_owner', pg_has_role('carnet_app', 'carnet_owner', 'MEMBER')
union all
select 'superuser', (select rolsuper from pg_roles where rolname = 'carnet_app');
