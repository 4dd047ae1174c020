using System.Text.Json;
using CloudNet.Compute.Servers.Creating;
using CloudNet.Errors;

namespace CloudNet.Compute.Servers.Updating;

/// <summary>Pure: nova's server update body, of which this service stores the name.</summary>
public static class ServerUpdate
{
    /// <summary>What nova's update also takes, which this service does not keep: refused, rather than dropped unsaid.</summary>
    static readonly HashSet<string> NotStored = ["accessIPv4", "accessIPv6", "description", "hostname", "OS-DCF:diskConfig"];

    /// <summary>The name the body asks for; null when it names none (<c>{"server": {}}</c> changes nothing, as in nova).</summary>
    public static string? NameFrom(UpdateServer? command)
    {
        var body = command?.Server ?? throw Rejection.BadRequest("Invalid input for field/attribute server. Value: None. 'server' is a required property");
        string? name = null;
        foreach (var (attribute, value) in body)
        {
            if (attribute == "name")
                name = ServerRequest.ValidName(value.ValueKind == JsonValueKind.String ? value.GetString() : null);
            else if (NotStored.Contains(attribute))
                throw Rejection.BadRequest($"Invalid input for field/attribute {attribute}: this service does not store it; an update changes the name only.");
            else
                throw Rejection.BadRequest($"Invalid input for field/attribute server. Additional properties are not allowed ('{attribute}' was unexpected)");
        }
        return name;
    }
}
