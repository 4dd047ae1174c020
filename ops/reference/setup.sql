-- What the reference scripts need before they run (ops/lib/bench/reference.py runs it once per database): the
-- sequence their addresses come from (the database picking the next address without a lock held, as the service's
-- cursor step does on a connection of its own), the reference tenant's quota counters, and the reference network's
-- stream row (the one every address event of a Neutron network is appended to).
create sequence if not exists cloudnet.reference_addresses;
insert into cloudnet.quota_usage (tenant_id, resource, held) values ('reference', 'floatingip', 0), ('reference', 'port', 0)
  on conflict (tenant_id, resource) do nothing;
insert into cloudnet.mt_streams (id, type, version, timestamp, tenant_id)
  values ('0e0e0e0e-0000-4000-8000-000000000001', 'network', 0, now(), '*DEFAULT*') on conflict (id) do nothing;
