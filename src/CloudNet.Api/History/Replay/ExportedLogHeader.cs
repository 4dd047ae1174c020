using System.Text.Json;

namespace CloudNet.History.Replay;

/// <summary>
/// The first line of an exported log: what it is, and how many events follow up to which sequence. A log cut short at a
/// stream boundary would otherwise look whole (every stream it has would be complete); with the count, import refuses it.
/// </summary>
public sealed record ExportedLogHeader(int Format, string Schema, long Events, long LastSequence, DateTimeOffset ExportedAt)
{
    public const int CurrentFormat = 1;
    const string Marker = "cloudnet_event_log";

    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber(Marker, Format);
        json.WriteString("schema", Schema);
        json.WriteNumber("events", Events);
        json.WriteNumber("last_sequence", LastSequence);
        json.WriteString("exported_at", ExportedAt);
        json.WriteEndObject();
    }

    public static ExportedLogHeader Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var h = document.RootElement;
            if (h.ValueKind == JsonValueKind.Object && h.TryGetProperty(Marker, out var format))
            {
                if (format.GetInt32() != CurrentFormat)
                    throw new InvalidDataException($"The log is in format {format.GetInt32()}; this version reads format {CurrentFormat}.");
                return new ExportedLogHeader(CurrentFormat, h.GetProperty("schema").GetString() ?? "", h.GetProperty("events").GetInt64(),
                    h.GetProperty("last_sequence").GetInt64(), h.GetProperty("exported_at").GetDateTimeOffset());
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"The first line is not the header of a log written by history-export: {ex.Message}", ex);
        }
        throw new InvalidDataException($"The first line is not the header of a log written by history-export (\"{Marker}\" expected).");
    }
}
