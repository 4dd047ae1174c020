using Alba;
using CloudNet.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CloudNet.Tests.Identity;

/// <summary>A secret key never reaches a log, while a refused signature leaves the operator what the server signed.</summary>
public class when_logging_signed_requests(LoggedAppFixture app) : IClassFixture<LoggedAppFixture>
{
    Task<IScenarioResult> SignedGet(string path, string secretKey) => app.Host.Scenario(x =>
    {
        var date = HuaweiSdkSigner.DateOf(DateTimeOffset.UtcNow);
        var headers = new Dictionary<string, string> { ["host"] = "localhost", ["x-sdk-date"] = date };
        var authorization = new HuaweiSdkSigner("DEMOAKIDEXAMPLE00001", secretKey).Sign("GET", path, [], headers, "");
        x.ConfigureHttpContext(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = new PathString(path);
            c.Request.Headers["X-Sdk-Date"] = date;
            c.Request.Headers.Authorization = authorization;
        });
        x.IgnoreStatusCode();
    });

    [Fact]
    public async Task no_log_record_holds_the_secret_key_and_a_mismatch_logs_the_canonical_request()
    {
        (await SignedGet("/os-floating-ips", "demo-secret-key")).Status().ShouldBe(200);
        (await SignedGet("/os-floating-ips", "wrong-secret")).Status().ShouldBe(401);

        var records = app.Logs.Records.ToArray();
        records.ShouldContain(r => r.Contains("SignatureMismatch") && r.Contains("DEMOAKIDEXAMPLE00001"));
        records.ShouldContain(r => r.Contains("GET\n/os-floating-ips/\n"));
        records.ShouldNotContain(r => r.Contains("demo-secret-key"));
    }
}
