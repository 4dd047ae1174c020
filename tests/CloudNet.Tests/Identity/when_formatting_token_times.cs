using System.Globalization;
using CloudNet.Identity.Tokens;

namespace CloudNet.Tests.Identity;

/// <summary>Token times read by JS <c>Date</c>, python <c>iso8601</c> and keystoneauth, whatever the server's culture.</summary>
public class when_formatting_token_times
{
    static readonly DateTimeOffset At = new(2026, 3, 1, 12, 4, 5, TimeSpan.Zero);

    [Fact]
    public void v2_expires_is_iso_8601_in_utc()
    {
        TokenTimes.Iso8601(At).ShouldBe("2026-03-01T12:04:05Z");
    }

    [Fact]
    public void v3_times_carry_microseconds_like_keystone()
    {
        TokenTimes.Keystone(At).ShouldBe("2026-03-01T12:04:05.000000Z");
        TokenTimes.Keystone(At.AddTicks(1234560)).ShouldBe("2026-03-01T12:04:05.123456Z");
    }

    [Fact]
    public void a_time_with_an_offset_is_written_in_utc()
    {
        var paris = new DateTimeOffset(2026, 3, 1, 13, 4, 5, TimeSpan.FromHours(1));
        TokenTimes.Iso8601(paris).ShouldBe("2026-03-01T12:04:05Z");
        TokenTimes.Keystone(paris).ShouldBe("2026-03-01T12:04:05.000000Z");
    }

    [Theory]
    [InlineData("th-TH")] // Buddhist calendar: the year would be 2569
    [InlineData("fa-IR")] // Persian calendar
    [InlineData("fi-FI")]
    public void the_process_culture_changes_nothing(string culture)
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(culture);
            TokenTimes.Iso8601(At).ShouldBe("2026-03-01T12:04:05Z");
            TokenTimes.Keystone(At).ShouldBe("2026-03-01T12:04:05.000000Z");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
