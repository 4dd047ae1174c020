-- What the reference scripts need before they run (ops/lib/bench/reference.py runs it once per database): the
-- sequence their addresses come from (the database picking the next address without a lock held, as the service's
-- cursor step does on a connection of its own) and the reference tenant's quota counters.
create sequence if not exists cloudnet.reference_addresses;
insert into cloudnet.quota_usage (tenant_id, resource, held) values ('reference', 'floatingip', 0), ('reference', 'port', 0)
  on conflict (tenant_id, resource) do nothing;
