using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudNet.Tests.Observability;

/// <summary>A scrape in Prometheus' text format, read as a client would: samples by name and labels.</summary>
public sealed partial class PrometheusText(string text)
{
    public string Text { get; } = text;

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public IReadOnlyList<Sample> Samples { get; } = text.Split('\n')
        .Where(line => line.Length > 0 && line[0] != '#')
        .Select(Parse)
        .ToList();

    static Sample Parse(string line)
    {
        var m = SampleLine().Match(line);
        if (!m.Success) throw new FormatException($"Not a Prometheus sample: {line}");
        var labels = LabelPair().Matches(m.Groups["labels"].Value)
            .ToDictionary(l => l.Groups[1].Value, l => Regex.Unescape(l.Groups[2].Value));
        return new Sample(m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The samples of a metric whose labels include all of <paramref name="labels"/> (name=value).</summary>
    public IEnumerable<Sample> Of(string name, params (string Name, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value));

    public double Sum(string name, params (string Name, string Value)[] labels) => Of(name, labels).Sum(s => s.Value);

    public bool Has(string name) => Samples.Any(s => s.Name == name);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>.*)\})?\s+(?<value>\S+)(?:\s+\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)""")]
    private static partial Regex LabelPair();
}
