using Npgsql;

namespace CloudNet.History.Holdings;

/// <summary>One interval of <see cref="AddressHoldingsProjection"/>: a holder held the address from <c>From</c>
/// until <c>To</c> (exclusive; null while it still does).</summary>
public sealed record AddressHolding(Guid NetworkId, string Address, Guid HolderId, string HolderKind, Guid? DeviceId, string TenantId,
    DateTimeOffset From, string? FromRequest, string? FromUser,
    DateTimeOffset? To, string? ToRequest, string? ToUser)
{
    public const string Columns =
        "network_id, host(address), holder_id, holder_kind, device_id, tenant_id, from_at, from_request, from_user, " +
        "to_at, to_request, to_user";

    public static AddressHolding Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetGuid(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetGuid(4), r.GetString(5),
        r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9), r.IsDBNull(10) ? null : r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11));

    public bool HeldAt(DateTimeOffset instant) => From <= instant && (To is null || instant < To);

    /// <summary>The history resource that tells this holder's story: a server for the ports nova made for it, the port for
    /// one made through Neutron, the router for its gateway's addresses, else the IP itself.</summary>
    public (string Kind, Guid Id) Resource => HolderKind switch
    {
        Networks.AddressHolder.ServerPort => (Streams.HistoryStream.Servers, DeviceId ?? HolderId),
        Networks.AddressHolder.Port => (Streams.HistoryStream.Ports, HolderId),
        Networks.AddressHolder.PrivateIp => (Streams.HistoryStream.PrivateIps, HolderId),
        Networks.AddressHolder.SharedIp => (Streams.HistoryStream.SharedIps, HolderId),
        Networks.AddressHolder.Router => (Streams.HistoryStream.Routers, DeviceId ?? HolderId),
        _ => (Streams.HistoryStream.FloatingIps, HolderId),
    };

    /// <summary>The interval as a tenant sees it: all of it if it held the address, else only that it was held and when.</summary>
    public object ToJson(string callerTenantId) => TenantId == callerTenantId
        ? (object)new
        {
            network_id = NetworkId, address = Address, holder_kind = HolderKind, holder_id = (Guid?)HolderId, device_id = DeviceId,
            resource = $"/history/{Resource.Kind}/{Resource.Id}", tenant_id = TenantId, held_by_another_tenant = false,
            from = From, to = To,
            opened_by = new { user = FromUser, request_id = FromRequest },
            closed_by = To is null ? null : new { user = ToUser, request_id = ToRequest },
        }
        : new
        {
            network_id = NetworkId, address = Address, holder_kind = HolderKind, holder_id = (Guid?)null, device_id = (Guid?)null,
            resource = (string?)null, tenant_id = (string?)null, held_by_another_tenant = true,
            from = From, to = To,
            opened_by = (object?)null, closed_by = (object?)null,
        };
}
