using System.Text;
using CloudNet.Identity.Signing;
using Microsoft.AspNetCore.Http;

namespace CloudNet.Tests.Identity;

/// <summary>
/// The AK/SK verifier on its own (no host): the SDK's golden vector (reference/clients.md §5), each part of the
/// request the signature covers, the clock window, and the canonical forms of paths and queries.
/// </summary>
public class when_verifying_ak_sk_signatures
{
    const string Ak = "DEMOAKIDEXAMPLE00001";
    const string Sk = "demo-secret-key";
    const string Project = "7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12";
    const string GoldenSignature = "323c850599aee5f556fc74bf7adf49e70308563c91fe5e8db3b013745eaccaa3";
    const string GoldenBody = """{"privateips":[{"subnet_id":"aaaa","ip_address":"10.0.0.5"},{"subnet_id":"aaaa"}]}""";
    static readonly DateTimeOffset GoldenTime = new(2026, 11, 25, 23, 37, 38, TimeSpan.Zero);

    static HeaderDictionary GoldenHeaders() => new()
    {
        ["content-type"] = "application/json",
        ["host"] = "127.0.0.1:18999",
        ["x-project-id"] = Project,
        ["x-sdk-date"] = "20261125T233738Z",
    };

    static SignedRequest Golden(string? body = null, string query = "", HeaderDictionary? headers = null) =>
        new("POST", $"/v1/{Project}/privateips", query, headers ?? GoldenHeaders(), Encoding.UTF8.GetBytes(body ?? GoldenBody));

    static AkSkAuthorization GoldenAuthorization(string signature = GoldenSignature) =>
        AkSkAuthorization.Parse($"SDK-HMAC-SHA256 Access={Ak}, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature={signature}")!;

    /// <summary>Signs <paramref name="request"/> with the test's own client signer and verifies the result.</summary>
    static AkSkVerdict SignAndVerify(string method, string path, IEnumerable<KeyValuePair<string, string>> query,
        Dictionary<string, string> headers, string body, SignedRequest received, DateTimeOffset now)
    {
        var header = new HuaweiSdkSigner(Ak, Sk).Sign(method, path, query, headers, body);
        return AkSkSignature.Verify(received, AkSkAuthorization.Parse(header)!, Sk, now);
    }

    static HeaderDictionary Received(Dictionary<string, string> headers)
    {
        var received = new HeaderDictionary();
        foreach (var (name, value) in headers) received[name] = value;
        return received;
    }

    [Fact]
    public void the_sdks_golden_vector_verifies()
    {
        AkSkSignature.Verify(Golden(), GoldenAuthorization(), Sk, GoldenTime).IsValid.ShouldBeTrue();

        var canonical = CanonicalRequest.Build(Golden(), GoldenAuthorization(), out var missing).ShouldNotBeNull();
        missing.ShouldBeNull();
        AkSkSignature.Sign(Sk, AkSkSignature.StringToSign("20261125T233738Z", canonical)).ShouldBe(GoldenSignature);
    }

    [Fact]
    public void the_tests_own_signer_reproduces_the_golden_vector_too()
    {
        var headers = GoldenHeaders().ToDictionary(h => h.Key, h => h.Value.ToString());
        new HuaweiSdkSigner(Ak, Sk).Sign("POST", $"/v1/{Project}/privateips", [], headers, GoldenBody)
            .ShouldBe($"SDK-HMAC-SHA256 Access={Ak}, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature={GoldenSignature}");
    }

    [Fact]
    public void an_upper_case_hex_signature_is_the_same_signature()
    {
        AkSkSignature.Verify(Golden(), GoldenAuthorization(GoldenSignature.ToUpperInvariant()), Sk, GoldenTime).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void the_wrong_secret_does_not_match()
    {
        var verdict = AkSkSignature.Verify(Golden(), GoldenAuthorization(), "other-secret-key", GoldenTime);
        verdict.Failure.ShouldBe(AkSkFailure.SignatureMismatch);
        verdict.Message.ShouldBe("Signature does not match.");
        verdict.CanonicalRequest.ShouldNotBeNull().ShouldNotContain(Sk);
    }

    [Fact]
    public void a_changed_body_does_not_match()
    {
        AkSkSignature.Verify(Golden(body: GoldenBody.Replace("10.0.0.5", "10.0.0.6")), GoldenAuthorization(), Sk, GoldenTime)
            .Failure.ShouldBe(AkSkFailure.SignatureMismatch);
        AkSkSignature.Verify(Golden(body: GoldenBody + " "), GoldenAuthorization(), Sk, GoldenTime)
            .Failure.ShouldBe(AkSkFailure.SignatureMismatch);
    }

    [Fact]
    public void a_changed_query_does_not_match()
    {
        AkSkSignature.Verify(Golden(query: "?limit=1"), GoldenAuthorization(), Sk, GoldenTime)
            .Failure.ShouldBe(AkSkFailure.SignatureMismatch);
    }

    [Theory]
    [InlineData("host", "127.0.0.1:18998")]
    [InlineData("x-project-id", "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f")]
    [InlineData("content-type", "application/json;charset=UTF-8")]
    public void a_changed_signed_header_value_does_not_match(string name, string value)
    {
        var headers = GoldenHeaders();
        headers[name] = value;
        AkSkSignature.Verify(Golden(headers: headers), GoldenAuthorization(), Sk, GoldenTime)
            .Failure.ShouldBe(AkSkFailure.SignatureMismatch);
    }

    [Fact]
    public void an_unsigned_header_may_change()
    {
        var headers = GoldenHeaders();
        headers["User-Agent"] = "huaweicloud-usdk-nodejs/3.0";
        AkSkSignature.Verify(Golden(headers: headers), GoldenAuthorization(), Sk, GoldenTime).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void a_signed_header_that_is_missing_is_named()
    {
        var headers = GoldenHeaders();
        headers.Remove("x-project-id");
        var verdict = AkSkSignature.Verify(Golden(headers: headers), GoldenAuthorization(), Sk, GoldenTime);
        verdict.Failure.ShouldBe(AkSkFailure.SignedHeaderMissing);
        verdict.Detail.ShouldBe("x-project-id");
        verdict.Message.ShouldContain("x-project-id");
    }

    [Theory]
    [InlineData(-15 * 60 - 1)]
    [InlineData(15 * 60 + 1)]
    [InlineData(-24 * 3600)]
    [InlineData(24 * 3600)]
    public void a_date_more_than_15_minutes_from_now_either_way_is_stale(int secondsFromNow)
    {
        // The request was signed at GoldenTime; the server's clock is that far from it.
        var verdict = AkSkSignature.Verify(Golden(), GoldenAuthorization(), Sk, GoldenTime.AddSeconds(-secondsFromNow));
        verdict.Failure.ShouldBe(AkSkFailure.StaleDate);
        verdict.Message.ShouldBe("Request date is more than 15 minutes from the server's time.");
    }

    [Theory]
    [InlineData(-15 * 60)]
    [InlineData(15 * 60)]
    [InlineData(0)]
    public void a_date_exactly_15_minutes_away_is_still_accepted(int secondsFromNow)
    {
        AkSkSignature.Verify(Golden(), GoldenAuthorization(), Sk, GoldenTime.AddSeconds(secondsFromNow)).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-11-25T23:37:38Z")]
    [InlineData("20261125T233738")]
    [InlineData("20261325T233738Z")]
    public void a_missing_or_malformed_date_is_refused(string? date)
    {
        var headers = GoldenHeaders();
        if (date is null) headers.Remove("x-sdk-date");
        else headers["x-sdk-date"] = date;
        AkSkSignature.Verify(Golden(headers: headers), GoldenAuthorization(), Sk, GoldenTime)
            .Failure.ShouldBe(AkSkFailure.MalformedDate);
    }

    [Fact]
    public void query_keys_are_sorted_by_code_unit_and_keep_their_case()
    {
        // Upper case before '_' before lower case; lower-casing (api-surface.md §G) would give another order.
        CanonicalRequest.Query("?b=1&B=2&a=3&_=4&A=0").ShouldBe("A=0&B=2&_=4&a=3&b=1");
        CanonicalRequest.Query("marker=x&limit=2&limit=10").ShouldBe("limit=10&limit=2&marker=x");
        CanonicalRequest.Query("").ShouldBe("");
        CanonicalRequest.Query("?").ShouldBe("");
        CanonicalRequest.Query("flag&empty=").ShouldBe("empty=&flag=");

        var headers = new Dictionary<string, string> { ["host"] = "localhost", ["x-sdk-date"] = "20261125T233738Z" };
        var received = new SignedRequest("GET", $"/v1/{Project}/subnets/s/privateips", "?limit=1&Marker=m&_x=y&Limit=5",
            Received(headers), Array.Empty<byte>());
        SignAndVerify("GET", $"/v1/{Project}/subnets/s/privateips",
                [new("_x", "y"), new("Limit", "5"), new("limit", "1"), new("Marker", "m")], headers, "", received, GoldenTime)
            .IsValid.ShouldBeTrue();
    }

    [Fact]
    public void path_segments_and_query_parts_are_percent_encoded_keeping_only_unreserved_characters()
    {
        CanonicalRequest.Uri("/v1/p/a%20b/c+d/%7Ex*y/é").ShouldBe("/v1/p/a%20b/c%2Bd/~x%2Ay/%C3%A9/");
        CanonicalRequest.Uri("/v1/p/privateips/").ShouldBe("/v1/p/privateips/");
        CanonicalRequest.Uri("").ShouldBe("/");
        CanonicalRequest.Uri("/").ShouldBe("/");
        // A space may arrive as %20 or '+' in a query; '!', '*', '(', ')' and '/' are escaped, '~' is not.
        CanonicalRequest.Query("q=a+b%2Fc&x=%C3%A9!*()&t=~-._").ShouldBe("q=a%20b%2Fc&t=~-._&x=%C3%A9%21%2A%28%29");
        CanonicalRequest.Query("k%20ey=v").ShouldBe("k%20ey=v");

        var headers = new Dictionary<string, string> { ["host"] = "localhost", ["x-sdk-date"] = "20261125T233738Z" };
        var received = new SignedRequest("GET", $"/v1/{Project}/a%20b/%C3%A9%2A%28x%29", "?name=a+b%2Fc&Zeta=%21",
            Received(headers), Array.Empty<byte>());
        SignAndVerify("GET", $"/v1/{Project}/a b/é*(x)", [new("name", "a b/c"), new("Zeta", "!")], headers, "", received, GoldenTime)
            .IsValid.ShouldBeTrue();
    }

    [Fact]
    public void header_values_are_signed_as_received_without_trimming()
    {
        var headers = new Dictionary<string, string>
        {
            ["host"] = "localhost", ["x-sdk-date"] = "20261125T233738Z", ["x-custom"] = "  padded value ",
        };
        var received = new SignedRequest("GET", "/v1/p/x", "", Received(headers), Array.Empty<byte>());
        SignAndVerify("GET", "/v1/p/x", [], headers, "", received, GoldenTime).IsValid.ShouldBeTrue();

        var trimmed = new Dictionary<string, string>(headers) { ["x-custom"] = "padded value" };
        SignAndVerify("GET", "/v1/p/x", [], trimmed, "", received, GoldenTime).Failure.ShouldBe(AkSkFailure.SignatureMismatch);
    }

    [Fact]
    public void unsigned_payload_stands_in_for_the_body_hash()
    {
        var headers = new Dictionary<string, string>
        {
            ["content-type"] = "application/octet-stream", ["host"] = "localhost",
            ["x-sdk-content-sha256"] = "UNSIGNED-PAYLOAD", ["x-sdk-date"] = "20261125T233738Z",
        };
        var signedBody = "whatever the client sent";
        foreach (var sentBody in new[] { signedBody, "another body", "" })
        {
            var received = new SignedRequest("PUT", "/v1/p/x", "", Received(headers), Encoding.UTF8.GetBytes(sentBody));
            SignAndVerify("PUT", "/v1/p/x", [], headers, signedBody, received, GoldenTime).IsValid.ShouldBeTrue(sentBody);
        }

        // The declared value is what is signed: a different one does not match.
        var declaredOtherwise = Received(headers);
        declaredOtherwise["x-sdk-content-sha256"] = HuaweiSdkSigner.EmptyBodySha256;
        SignAndVerify("PUT", "/v1/p/x", [], headers, signedBody,
                new SignedRequest("PUT", "/v1/p/x", "", declaredOtherwise, Array.Empty<byte>()), GoldenTime)
            .Failure.ShouldBe(AkSkFailure.SignatureMismatch);
    }

    [Fact]
    public void an_empty_body_hashes_as_the_empty_string()
    {
        var headers = new Dictionary<string, string> { ["host"] = "localhost", ["x-sdk-date"] = "20261125T233738Z" };
        var received = new SignedRequest("DELETE", "/v1/p/privateips/1", "", Received(headers), Array.Empty<byte>());
        CanonicalRequest.PayloadHash(received).ShouldBe(HuaweiSdkSigner.EmptyBodySha256);
        SignAndVerify("DELETE", "/v1/p/privateips/1", [], headers, "", received, GoldenTime).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=" + GoldenSignature, true)]
    [InlineData("SDK-HMAC-SHA256 Access=AK,SignedHeaders=host;x-sdk-date,Signature=" + GoldenSignature, true)]
    [InlineData("SDK-HMAC-SHA256 Signature=" + GoldenSignature + ", Access=AK, SignedHeaders=host", true)]
    [InlineData("SDK-HMAC-SHA256", false)]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host", false)]
    [InlineData("SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=" + GoldenSignature, false)]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;;x-sdk-date, Signature=" + GoldenSignature, false)]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc", false)]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=" + GoldenSignature + ", Access=AK2", false)]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=zz3c850599aee5f556fc74bf7adf49e70308563c91fe5e8db3b013745eaccaa3", false)]
    public void the_authorization_header_is_parsed_strictly(string header, bool wellFormed)
    {
        AkSkAuthorization.IsUsedBy(header).ShouldBeTrue();
        var parsed = AkSkAuthorization.Parse(header);
        (parsed is not null).ShouldBe(wellFormed);
        if (parsed is not null) parsed.AccessKey.ShouldBe("AK");
    }

    [Theory]
    [InlineData("Basic ZGVtbzpkZW1vLXBhc3N3b3Jk")]
    [InlineData("SDK-HMAC-SHA256X Access=AK")]
    [InlineData("AWS4-HMAC-SHA256 Credential=x")]
    [InlineData("")]
    public void other_schemes_are_not_ak_sk(string header)
    {
        AkSkAuthorization.IsUsedBy(header).ShouldBeFalse();
        AkSkAuthorization.Parse(header).ShouldBeNull();
    }
}
