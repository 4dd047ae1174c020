namespace CloudNet.Vpc.Vpcs.V3;

/// <summary>A VPC in v3's shape (the v3 reference's <c>Vpc</c>): <c>project_id</c> rather than v1's <c>tenant_id</c>, status
/// <c>ACTIVE</c>, the tags, and the counts of what it holds (<c>cloud_resources</c>: its subnets and its one route table).</summary>
public static class VpcV3Json
{
    public static object From(Vpc vpc) => new
    {
        id = vpc.Id,
        name = vpc.Name,
        description = vpc.Description,
        cidr = vpc.Cidr,
        extend_cidrs = Array.Empty<string>(),
        status = "ACTIVE",
        project_id = vpc.TenantId,
        enterprise_project_id = "0",
        created_at = VpcJson.Timestamp(vpc.CreatedAt),
        updated_at = VpcJson.Timestamp(vpc.UpdatedAt),
        cloud_resources = new[]
        {
            new { resource_type = "routetable", resource_count = 1 },
            new { resource_type = "virsubnet", resource_count = vpc.Subnets.Count },
        },
        tags = vpc.Tags.Select(t => new { key = t.Key, value = t.Value }),
    };
}
