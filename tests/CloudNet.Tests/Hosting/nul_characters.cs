using System.Text;
using CloudNet.Hosting;

namespace CloudNet.Tests.Hosting;

public class nul_characters
{
    [Theory]
    [InlineData("""{"name":"a\u0000b"}""")]
    [InlineData("""{"name":"\u0000"}""")]
    [InlineData("""{"name":"\\\u0000"}""")]
    [InlineData("""{"a":["x","\u0000"]}""")]
    public void a_json_nul_escape_is_found(string json) => NulCharacters.HasNul(Encoding.UTF8.GetBytes(json)).ShouldBeTrue(json);

    [Theory]
    [InlineData("""{"name":"\\u0000"}""")]
    [InlineData("""{"name":"\\\\u0000"}""")]
    [InlineData("""{"name":"\u0001"}""")]
    [InlineData("""{"name":"u0000 0000"}""")]
    [InlineData("""{"name":"trailing backslash \\""")]
    [InlineData("")]
    public void anything_else_is_not(string json) => NulCharacters.HasNul(Encoding.UTF8.GetBytes(json)).ShouldBeFalse(json);

    [Fact]
    public void a_raw_nul_byte_is_found() => NulCharacters.HasNul("{\"a\":\"x\0\"}"u8).ShouldBeTrue();
}
