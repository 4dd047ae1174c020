using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.History;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute.Keypairs;

/// <summary>A <c>key_pairs</c> quota of three.</summary>
public sealed class KeypairQuotaOfThree : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Quotas:KeyPairs"] = "3" };
}

/// <summary>
/// Nova's keypairs, per user: generated (the private key returned once, and in no event) or imported, listed, shown
/// and deleted, each change an event of the keypair's stream with its history.
/// </summary>
public class when_managing_keypairs(AppFixture app) : IClassFixture<AppFixture>
{
    /// <summary>An ed25519 public key and its MD5 fingerprint as <c>ssh-keygen -l -E md5</c> prints it.</summary>
    const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAPp73beAHTJcmlwA6T+8vHQRrWV4EpWcWQFALv4aeOu test@example";
    const string Ed25519Fingerprint = "a8:12:cb:92:bf:1a:6e:16:56:df:b2:1d:56:29:31:da";

    Task<IScenarioResult> Create(TestAccount account, object keypair, string? microversion = null) =>
        app.Host.As(account, x =>
        {
            x.Post.Json(new { keypair }).ToUrl("/os-keypairs");
            if (microversion is not null) x.WithRequestHeader("OpenStack-API-Version", $"compute {microversion}");
        });

    async Task<JsonNode> Ok(TestAccount account, string url)
    {
        var result = await app.Host.As(account, x => x.Get.Url(url));
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, $"{url}: {text}");
        return JsonNode.Parse(text)!;
    }

    static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task a_generated_keypair_returns_its_private_key_once_and_it_matches_the_public_key()
    {
        var name = Unique("generated");
        var result = await Create(TestAccount.Demo, new { name });
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, text);
        var keypair = JsonNode.Parse(text)!["keypair"]!;
        keypair.AsObject().Select(p => p.Key).Order().ShouldBe(["fingerprint", "name", "private_key", "public_key", "user_id"]);
        keypair["public_key"].Str().ShouldStartWith("ssh-rsa ");
        keypair["public_key"].Str().ShouldEndWith(" Generated-by-Nova");
        keypair["private_key"].Str().ShouldStartWith("-----BEGIN RSA PRIVATE KEY-----");

        // The private key is the public key's: the modulus in the OpenSSH blob is the PEM's.
        using var rsa = RSA.Create();
        rsa.ImportFromPem(keypair["private_key"].Str());
        var blob = Convert.FromBase64String(keypair["public_key"].Str().Split(' ')[1]);
        blob.AsSpan().IndexOf(rsa.ExportParameters(false).Modulus!).ShouldBeGreaterThan(0);
        keypair["fingerprint"].Str().ShouldBe(string.Join(':', MD5.HashData(blob).Select(b => b.ToString("x2"))));

        var shown = (await Ok(TestAccount.Demo, $"/os-keypairs/{name}"))["keypair"]!;
        shown.AsObject().ContainsKey("private_key").ShouldBeFalse();
        shown["public_key"].Str().ShouldBe(keypair["public_key"].Str());
        var events = await app.Host.EventsOf(TestAccount.Demo, "keypairs", name);
        events.ToJsonString().ShouldNotContain("PRIVATE KEY");
    }

    [Fact]
    public async Task an_imported_key_is_shown_listed_and_deleted_with_nova_s_fields_and_codes()
    {
        var name = Unique("imported");
        var created = await Create(TestAccount.Demo, new { name, public_key = Ed25519 });
        created.Status().ShouldBe(200, await created.ReadAsTextAsync());
        var keypair = (await created.Json())["keypair"]!;
        keypair["fingerprint"].Str().ShouldBe(Ed25519Fingerprint);
        keypair.AsObject().ContainsKey("private_key").ShouldBeFalse();

        var shown = (await Ok(TestAccount.Demo, $"/v2.1/{TestAccount.Demo.TenantId}/os-keypairs/{name}"))["keypair"]!;
        shown.AsObject().Select(p => p.Key).Order().ShouldBe(
            ["created_at", "deleted", "deleted_at", "fingerprint", "name", "public_key", "updated_at", "user_id"]);
        shown["public_key"].Str().ShouldBe(Ed25519);
        shown["deleted"]!.GetValue<bool>().ShouldBeFalse();
        shown["user_id"].Str().ShouldBe(keypair["user_id"].Str());

        var listed = (await Ok(TestAccount.Demo, "/os-keypairs"))["keypairs"]!.AsArray().Select(k => k!["keypair"]!).Single(k => k["name"].Str() == name);
        listed.AsObject().Select(p => p.Key).Order().ShouldBe(["fingerprint", "name", "public_key"]);

        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-keypairs/{name}"))).Status().ShouldBe(202);
        var gone = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/os-keypairs/{name}"));
        (await gone.ShouldBeNovaFault(404, "itemNotFound")).ShouldBe($"Keypair {name} not found for user {keypair["user_id"].Str()}");
        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-keypairs/{name}"))).Status().ShouldBe(404);
    }

    [Fact]
    public async Task microversion_2_2_adds_the_type_and_answers_201_and_204()
    {
        var name = Unique("typed");
        var created = await Create(TestAccount.Demo, new { name, public_key = Ed25519, type = "ssh" }, "2.2");
        created.Status().ShouldBe(201);
        (await created.Json())["keypair"]!["type"].Str().ShouldBe("ssh");
        (await Create(TestAccount.Demo, new { name = Unique("x509"), type = "x509" }, "2.2")).Status().ShouldBe(400);

        var deleted = await app.Host.As(TestAccount.Demo, x =>
        {
            x.Delete.Url($"/os-keypairs/{name}");
            x.WithRequestHeader("OpenStack-API-Version", "compute 2.2");
        });
        deleted.Status().ShouldBe(204);
    }

    [Theory]
    [InlineData("bad/name", "Keypair data is invalid: Keypair name contains unsafe characters")]
    [InlineData("", "Keypair data is invalid: Keypair name must be string and between 1 and 255 characters long")]
    public async Task a_bad_name_is_refused(string name, string message)
    {
        (await (await Create(TestAccount.Demo, new { name })).ShouldBeNovaFault(400, "badRequest")).ShouldBe(message);
    }

    [Theory]
    [InlineData("ssh-rsa not-base64!")]
    [InlineData("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIAPp73beAHTJcmlwA6T+8vHQRrWV4EpWcWQFALv4aeOu")]
    [InlineData("just some text")]
    public async Task a_public_key_that_is_not_one_is_refused(string publicKey)
    {
        (await (await Create(TestAccount.Demo, new { name = Unique("bad"), public_key = publicKey })).ShouldBeNovaFault(400, "badRequest"))
            .ShouldBe("Keypair data is invalid: failed to generate fingerprint");
    }

    [Fact]
    public async Task a_name_is_one_keypair_per_user_and_other_users_do_not_see_it()
    {
        var name = Unique("mine");
        (await Create(TestAccount.Demo, new { name, public_key = Ed25519 })).Status().ShouldBe(200);
        (await (await Create(TestAccount.Demo, new { name })).ShouldBeNovaFault(409, "conflictingRequest")).ShouldBe($"Key pair '{name}' already exists.");

        // Another user has keypairs of their own, of any name.
        (await app.Host.As(TestAccount.Other, x => x.Get.Url($"/os-keypairs/{name}"))).Status().ShouldBe(404);
        (await app.Host.As(TestAccount.Other, x => x.Delete.Url($"/os-keypairs/{name}"))).Status().ShouldBe(404);
        (await Ok(TestAccount.Other, "/os-keypairs"))["keypairs"]!.AsArray().ShouldAllBe(k => k!["keypair"]!["name"].Str() != name);
        (await Create(TestAccount.Other, new { name })).Status().ShouldBe(200);
        (await app.Host.As(TestAccount.Other, x => x.Get.Url($"/os-keypairs/{name}?user_id=someone-else"))).Status().ShouldBe(200);
        var asking = await app.Host.As(TestAccount.Other, x =>
        {
            x.Get.Url($"/os-keypairs?user_id=someone-else");
            x.WithRequestHeader("OpenStack-API-Version", "compute 2.10");
        });
        await asking.ShouldBeNovaFault(403, "forbidden");
    }

    [Fact]
    public async Task parallel_creates_of_one_name_leave_one_keypair()
    {
        var name = Unique("race");
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Create(TestAccount.Demo, new { name, public_key = Ed25519 })));
        results.Count(r => r.Status() == 200).ShouldBe(1);
        results.Count(r => r.Status() == 409).ShouldBe(5);
        (await Ok(TestAccount.Demo, "/os-keypairs"))["keypairs"]!.AsArray().Count(k => k!["keypair"]!["name"].Str() == name).ShouldBe(1);
    }

    [Fact]
    public async Task a_deleted_name_can_be_taken_again_and_its_history_tells_both_lives()
    {
        var name = Unique("again");
        (await Create(TestAccount.Demo, new { name, public_key = Ed25519 })).Status().ShouldBe(200);
        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-keypairs/{name}"))).Status().ShouldBe(202);
        var second = (await (await Create(TestAccount.Demo, new { name })).Json())["keypair"]!;

        (await Ok(TestAccount.Demo, $"/os-keypairs/{name}"))["keypair"]!["fingerprint"].Str().ShouldBe(second["fingerprint"].Str());
        var events = await app.Host.EventsOf(TestAccount.Demo, "keypairs", name);
        events.Select(e => e!["type"].Str()).ShouldBe(["keypair_created", "keypair_deleted", "keypair_created"]);
        events[0]!["command"].Str().ShouldBe("CreateKeypair");
        events[1]!["command"].Str().ShouldBe("DeleteKeypair");
        events[1]!["user"].Str().ShouldBe("demo");

        (await app.Host.HistoryOk(TestAccount.Demo, $"/history/keypairs/{name}?version=1"))["keypair"]!["fingerprint"].Str().ShouldBe(Ed25519Fingerprint);
        (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/history/keypairs/{name}?version=2"))).Status().ShouldBe(404);
        (await app.Host.HistoryOk(TestAccount.Demo, $"/history/keypairs/{name}"))["keypair"]!["fingerprint"].Str().ShouldBe(second["fingerprint"].Str());
        (await app.Host.As(TestAccount.Other, x => x.Get.Url($"/history/keypairs/{name}/events"))).Status().ShouldBe(404);
    }
}

public class when_keypairs_reach_their_quota(KeypairQuotaOfThree app) : IClassFixture<KeypairQuotaOfThree>
{
    [Fact]
    public async Task the_fourth_is_refused_with_403_and_a_delete_makes_room()
    {
        for (var i = 0; i < 3; i++)
            (await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { keypair = new { name = $"q{i}" } }).ToUrl("/os-keypairs"))).Status().ShouldBe(200);
        var refused = await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { keypair = new { name = "q3" } }).ToUrl("/os-keypairs"));
        (await refused.ShouldBeNovaFault(403, "forbidden")).ShouldBe("Quota exceeded, too many key pairs.");

        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url("/os-keypairs/q0"))).Status().ShouldBe(202);
        (await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { keypair = new { name = "q3" } }).ToUrl("/os-keypairs"))).Status().ShouldBe(200);
    }

    [Fact]
    public async Task parallel_creates_never_pass_the_quota()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            app.Host.As(TestAccount.Other, x => x.Post.Json(new { keypair = new { name = $"p{i}" } }).ToUrl("/os-keypairs"))));
        results.Count(r => r.Status() == 200).ShouldBe(3);
        results.Count(r => r.Status() == 403).ShouldBe(5);
    }
}
