using System.Text.RegularExpressions;
using CloudNet.Networks;

namespace CloudNet.Tests.Compute.VirtualInterfaces.Rules;

/// <summary>Pure: <see cref="MacAddresses.Format"/>, a sequence value to <c>FA:16:3E:xx:xx:xx</c>.</summary>
public class mac_address_format
{
    static readonly Regex Mac = new("^FA:16:3E(:[0-9A-F]{2}){3}$");
    const long Wrap = 1L << 24;

    [Theory]
    [InlineData(0L, "FA:16:3E:00:00:00")]
    [InlineData(1L, "FA:16:3E:00:00:01")]
    [InlineData(0x0AL, "FA:16:3E:00:00:0A")]
    [InlineData(0xFFL, "FA:16:3E:00:00:FF")]
    [InlineData(0x100L, "FA:16:3E:00:01:00")]
    [InlineData(0x010203L, "FA:16:3E:01:02:03")]
    [InlineData(0xABCDEFL, "FA:16:3E:AB:CD:EF")]
    [InlineData(0xFFFFFFL, "FA:16:3E:FF:FF:FF")]
    public void formats_the_low_24_bits_as_three_upper_case_octets_with_leading_zeros(long value, string expected) =>
        MacAddresses.Format(value).ShouldBe(expected);

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(0xABCDEFL)]
    [InlineData(0xFFFFFFL)]
    public void wraps_at_two_to_the_24(long value)
    {
        MacAddresses.Format(value + Wrap).ShouldBe(MacAddresses.Format(value));
        MacAddresses.Format(value + 5 * Wrap).ShouldBe(MacAddresses.Format(value));
    }

    [Fact]
    public void the_prefix_is_neutrons_locally_administered_unicast_base()
    {
        MacAddresses.Prefix.ShouldBe("FA:16:3E");
        var first = Convert.ToByte(MacAddresses.Prefix[..2], 16);
        (first & 0b10).ShouldBe(0b10, "locally administered");
        (first & 0b01).ShouldBe(0, "unicast");
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(0x00FF00L)]
    [InlineData(Wrap - 2500)]
    [InlineData(long.MaxValue - 5000)]
    public void five_thousand_consecutive_values_give_five_thousand_distinct_well_formed_macs(long start)
    {
        var macs = Enumerable.Range(0, 5000).Select(i => MacAddresses.Format(start + i)).ToList();

        macs.ShouldAllBe(m => Mac.IsMatch(m));
        macs.Distinct().Count().ShouldBe(5000);
    }

    [Fact]
    public void the_mac_reads_back_as_the_value_modulo_two_to_the_24()
    {
        foreach (var value in new[] { 0L, 1L, 255L, 256L, 65535L, 65536L, 0x123456L, Wrap - 1, Wrap, Wrap + 7, 3 * Wrap + 0x0A0B0C })
        {
            var octets = MacAddresses.Format(value).Split(':').Skip(3).Select(o => Convert.ToInt64(o, 16)).ToList();
            ((octets[0] << 16) | (octets[1] << 8) | octets[2]).ShouldBe(value % Wrap);
        }
    }
}
