namespace CloudNet.Vpc.Vpcs;

public static class VpcJson
{
    public static object From(Vpc vpc) => new
    {
        id = vpc.Id,
        name = vpc.Name,
        description = vpc.Description,
        cidr = vpc.Cidr,
        status = "OK",
        routes = Array.Empty<object>(),
        enterprise_project_id = "0",
        tenant_id = vpc.TenantId,
        created_at = Timestamp(vpc.CreatedAt),
        updated_at = Timestamp(vpc.UpdatedAt),
    };

    /// <summary>Huawei's documented format: UTC without a zone designator.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss");
}
