-- What the reference scripts need before they run (ops/lib/bench/reference.py runs it once per database): the
-- sequence their addresses come from (the database picking the next address without a lock held, as the service's
-- cursor step does on a connection of its own) and the reference tenant's quota counters (16 stripes per resource,
-- as the service keeps them).
create sequence if not exists cloudnet.reference_addresses;
insert into cloudnet.quota_usage (tenant_id, resource, stripe, held)
  select 'reference', resource, stripe, 0 from unnest(array['floatingip', 'port']) resource, generate_series(0, 15) stripe
  on conflict (tenant_id, resource, stripe) do nothing;
