namespace CloudNet.Images;

/// <summary>
/// The image service (Glance v2's read routes), under a root of its own: <c>{base}/image</c>, as devstack publishes it.
/// Not under <c>/v2</c>, where nova's <c>/v2/{tenant_id}</c> prefix is (<c>Hosting/ComputePrefixes</c>): Glance's
/// <c>/v2/images</c> and nova's <c>/v2/images</c> would be one path. The catalog's <c>image</c> entry names the root,
/// which answers Glance's versions document; clients append <c>v2/images</c> to the version they pick.
/// </summary>
public static class Configuration
{
    public const string Root = "/image";

    public static IServiceCollection AddImagesFamily(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<List<ImageOptions>>(configuration.GetSection("Images"));
        services.AddSingleton<ImageCatalog>();
        return services;
    }
}
