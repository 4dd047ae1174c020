using CloudNet.Errors;
using CloudNet.Errors.Formats;

namespace CloudNet.Tests.Hosting;

/// <summary>Each family's error body from an <see cref="ApiError"/>, byte for byte; no host needed.</summary>
public class when_formatting_errors
{
    [Theory]
    [InlineData(400, "badRequest")]
    [InlineData(401, "unauthorized")]
    [InlineData(403, "forbidden")]
    [InlineData(404, "itemNotFound")]
    [InlineData(405, "badMethod")]
    [InlineData(409, "conflictingRequest")]
    [InlineData(413, "overLimit")]
    [InlineData(415, "badMediaType")]
    [InlineData(429, "overLimit")]
    [InlineData(500, "computeFault")]
    [InlineData(501, "notImplemented")]
    [InlineData(502, "computeFault")]
    [InlineData(503, "serviceUnavailable")]
    [InlineData(422, "computeFault")]
    public void nova_names_the_fault_by_status(int status, string name)
    {
        NovaFault.NameFor(status).ShouldBe(name);
        NovaFault.Body(new ApiError(status, "It went wrong.")).ToJsonString()
            .ShouldBe("{\"" + name + "\":{\"code\":" + status + ",\"message\":\"It went wrong.\"}}");
    }

    [Fact]
    public void nova_over_limit_carries_retry_after_as_a_string()
    {
        NovaFault.Body(new ApiError(413, "Slow down.", RetryAfterSeconds: 30)).ToJsonString()
            .ShouldBe("""{"overLimit":{"code":413,"message":"Slow down.","retryAfter":"30"}}""");
        NovaFault.Body(new ApiError(429, "Slow down.", RetryAfterSeconds: 0)).ToJsonString()
            .ShouldBe("""{"overLimit":{"code":429,"message":"Slow down.","retryAfter":"0"}}""");
    }

    [Fact]
    public void nova_ignores_a_family_code()
    {
        NovaFault.Body(new ApiError(409, "Taken.", Code: "VPC.0701")).ToJsonString()
            .ShouldBe("""{"conflictingRequest":{"code":409,"message":"Taken."}}""");
    }

    [Theory]
    [InlineData(400, "Bad Request")]
    [InlineData(401, "Unauthorized")]
    [InlineData(403, "Forbidden")]
    [InlineData(404, "Not Found")]
    [InlineData(405, "Method Not Allowed")]
    [InlineData(409, "Conflict")]
    [InlineData(413, "Request Entity Too Large")]
    [InlineData(415, "Unsupported Media Type")]
    [InlineData(500, "Internal Server Error")]
    [InlineData(503, "Service Unavailable")]
    public void keystone_titles_the_error_by_status(int status, string title)
    {
        KeystoneError.Body(new ApiError(status, "The request you have made requires authentication.")).ToJsonString()
            .ShouldBe("{\"error\":{\"code\":" + status + ",\"title\":\"" + title + "\",\"message\":\"The request you have made requires authentication.\"}}");
    }

    [Theory]
    [InlineData(400, "BadRequest")]
    [InlineData(401, "NotAuthorized")]
    [InlineData(403, "PolicyNotAuthorized")]
    [InlineData(404, "NotFound")]
    [InlineData(405, "MethodNotAllowed")]
    [InlineData(409, "Conflict")]
    [InlineData(413, "OverLimit")]
    [InlineData(415, "UnsupportedMediaType")]
    [InlineData(500, "InternalServerError")]
    [InlineData(503, "ServiceUnavailable")]
    public void neutron_types_the_error_by_status_with_an_empty_detail(int status, string type)
    {
        NeutronError.Body(new ApiError(status, "Network x could not be found")).ToJsonString()
            .ShouldBe("{\"NeutronError\":{\"type\":\"" + type + "\",\"message\":\"Network x could not be found\",\"detail\":\"\"}}");
    }

    [Fact]
    public void neutron_uses_the_exception_type_when_the_rule_names_one()
    {
        NeutronError.Body(new ApiError(404, "IP Address 5 not found.", Code: "IpAddressNotFound")).ToJsonString()
            .ShouldBe("""{"NeutronError":{"type":"IpAddressNotFound","message":"IP Address 5 not found.","detail":""}}""");
    }

    [Theory]
    [InlineData(400, "VPC.0002")]
    [InlineData(401, "VPC.0008")]
    [InlineData(403, "VPC.2701")]
    [InlineData(404, "VPC.0704")]
    [InlineData(409, "VPC.0709")]
    [InlineData(413, "VPC.0413")]
    [InlineData(500, "VPC.0500")]
    [InlineData(503, "VPC.0503")]
    public void huawei_sends_code_and_message_twice_over(int status, string code)
    {
        HuaweiError.Body(new ApiError(status, "Nope.")).ToJsonString()
            .ShouldBe($$"""{"code":"{{code}}","message":"Nope.","error_code":"{{code}}","error_msg":"Nope."}""");
    }

    [Fact]
    public void huawei_uses_the_documented_code_when_the_rule_names_one()
    {
        HuaweiError.Body(new ApiError(409, "The IP address is in use.", Code: "VPC.0701")).ToJsonString()
            .ShouldBe("""{"code":"VPC.0701","message":"The IP address is in use.","error_code":"VPC.0701","error_msg":"The IP address is in use."}""");
    }

    [Fact]
    public void problem_json_for_the_products_own_routes()
    {
        ProblemJson.Body(new ApiError(404, "No event at version 7.")).ToJsonString()
            .ShouldBe("""{"type":"about:blank","title":"Not Found","status":404,"detail":"No event at version 7."}""");
        ProblemJson.Body(new ApiError(409, "Raced.", Code: "race")).ToJsonString()
            .ShouldBe("""{"type":"about:blank","title":"Conflict","status":409,"detail":"Raced.","code":"race"}""");
    }

    [Fact]
    public void messages_with_quotes_newlines_and_backslashes_survive_a_round_trip()
    {
        var error = new ApiError(400, "Bad \"pool\"\nname \\ here <b>");
        string Reparsed(System.Text.Json.Nodes.JsonObject body, params string[] path)
        {
            System.Text.Json.Nodes.JsonNode node = System.Text.Json.Nodes.JsonNode.Parse(body.ToJsonString())!;
            foreach (var key in path) node = node[key]!;
            return node.GetValue<string>();
        }
        Reparsed(NovaFault.Body(error), "badRequest", "message").ShouldBe(error.Message);
        Reparsed(KeystoneError.Body(error), "error", "message").ShouldBe(error.Message);
        Reparsed(NeutronError.Body(error), "NeutronError", "message").ShouldBe(error.Message);
        Reparsed(HuaweiError.Body(error), "message").ShouldBe(error.Message);
        Reparsed(HuaweiError.Body(error), "error_msg").ShouldBe(error.Message);
        Reparsed(ProblemJson.Body(error), "detail").ShouldBe(error.Message);
    }

    [Fact]
    public void a_rejection_keeps_its_status_message_and_code()
    {
        ApiError.From(Rejection.Conflict("Taken.", "VPC.0701")).ShouldBe(new ApiError(409, "Taken.", "VPC.0701"));
        ApiError.From(Rejection.NotFound("Gone.")).ShouldBe(new ApiError(404, "Gone."));
        ApiError.From(new Rejection(RejectionKind.OverLimit, "Too many.")).Status.ShouldBe(413);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(405)]
    [InlineData(406)]
    [InlineData(409)]
    [InlineData(413)]
    [InlineData(415)]
    [InlineData(500)]
    [InlineData(503)]
    public void every_framework_status_has_a_plain_message(int status)
    {
        var error = ApiError.ForStatus(status);
        error.Status.ShouldBe(status);
        error.Message.ShouldNotBeNullOrWhiteSpace();
        error.Message.ShouldNotContain("Exception");
        error.Code.ShouldBeNull();
    }
}
