using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CloudNet.Tests.Identity;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Reliability;

/// <summary>Credentials the fuzzer may present, besides the attacker's valid ones in its <see cref="TenantWorld"/>.</summary>
public sealed record FuzzCredentials(string ExpiredToken, string RevokedToken, string AccessKey, string SecretKey);

/// <summary>
/// A seeded, reproducible stream of hostile requests over every route of <see cref="RouteCatalog"/>: the same seed and
/// catalog give the same sequence of request shapes (the ids in them are those of the run's own resources). Requests
/// act as <c>attacker</c>'s tenant (or as nobody); <c>victim</c>'s ids are thrown in as well, so any route that leaks
/// or changes another tenant's resource is caught. The generator never looks at responses.
/// </summary>
public sealed class HostileInput(int seed, RouteCatalog catalog, TenantWorld attacker, TenantWorld victim, FuzzCredentials credentials)
{
    public const long BodyLimit = 1024 * 1024;

    readonly Random rng = new(seed);
    int sequence;

    public int Seed => seed;

    // ---------------------------------------------------------------- hostile values

    static readonly string[] Traversal =
    [
        "../../../../etc/passwd", "..", ".", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2F..%2Fetc%2Fpasswd", "..\\..\\windows\\win.ini",
        "....//....//etc/passwd", "/etc/passwd", "%00", "\0", "a\0b", "%", "%zz", "%%", "?", "#", ";", "a;b=c", "~root", "//", "\\",
    ];

    static readonly string[] Sql =
    [
        "' OR '1'='1", "1' OR 1=1--", "\" OR \"\"=\"", "1; DROP TABLE cloudnet.mt_events;--", "'; select pg_sleep(5);--",
        "x' UNION SELECT data FROM cloudnet.mt_doc_issuedtoken--", "$$; drop schema cloudnet cascade; $$", "\\'; --",
        "1)) OR ((1=1", "' || (select current_user) || '", "::inet", "'::uuid", "%' AND '%'='",
    ];

    static readonly string[] Injection =
    [
        "$(reboot)", "`id`", "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "<script>alert(1)</script>", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
        "%s%s%s%n", "{0}{1}", "\r\nX-Injected: 1", "\n", "\t", " ", "", "null", "undefined", "NaN", "Infinity", "true", "[]", "{}",
    ];

    static readonly string[] Unicode =
    [
        "😀", "𝕏𝕐", "\u202Eevil", "zero\u200Bwidth", "ß", "İı", "\uFFFF", "\uFEFF", "\uD800", "\uDC00x", "Ω≈ç√", "日本語", "\u0000",
        "ａｄｍｉｎ", "e\u0301", "\u00A0", "\u2028\u2029", "Ⅻ", "١٢٣", "\U0001F4A9\U0001F4A9",
    ];

    static readonly string[] Numbers =
    [
        "-1", "0", "-0", "1.5", "1e309", "-1e309", "9223372036854775808", "18446744073709551616", "99999999999999999999999999999999",
        "0x10", "1_000", "+1", "00", "4294967296", "2147483648", "-2147483649", "1e-400", "NaN", "Infinity",
    ];

    static readonly string[] Addresses =
    [
        "10.0.0.1", "256.0.0.1", "10.1", "010.0.0.1", "1.2.3", "1.2.3.4.5", "0.0.0.0", "255.255.255.255", "203.0.113.0", "203.0.113.255",
        "203.0.113.1", "198.51.100.0", "10.176.0.0", "10.176.255.255", "::", "::1", "::ffff:10.0.0.1", "::ffff:203.0.113.7", "fe80::1%eth0",
        "fe80::1%25eth0", "2001:db8:100::", "2001:db8:100::1", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "2001:0db8:0000:0000:0000:0000:0000:0001",
        "2001:DB8::1", "::ffff:0:0", "64:ff9b::1.2.3.4", "ff02::1", "1.2.3.4/32", "-1.2.3.4", " 10.0.0.1", "10.0.0.1 ", "0x0a.0.0.1",
    ];

    static readonly string[] Cidrs =
    [
        "10.0.0.0/24", "10.0.0.0/8", "0.0.0.0/0", "::/0", "10.0.0.1/24", "10.0.0.0/-1", "10.0.0.0/33", "10.0.0.0/", "/24", "10.0.0.0",
        "2001:db8::/129", "2001:db8::/64", "2001:db8::/127", "2001:db8::/128", "::ffff:0:0/96", "::ffff:10.0.0.0/120", "10.0.0.0/24/24",
        "fe80::/10", "10.0.0.0/031", "10.0.0.0/32", "10.0.0.0/31", "10.0.0.0/30", "10.0.0.0 /24", "10.0.0.0/24 ", "1.2.3.4/0x10",
        "2001:db8::%eth0/64", "300.0.0.0/8", "224.0.0.0/4", "ff00::/8", "198.51.100.0/24", "203.0.113.0/24", "169.254.0.0/16",
    ];

    string Long() => new(Pick('a', 'Z', '9', '€', '\uD83D'), Pick(256, 1024, 4096, 65536, 300_000));

    string AnyHostileString() => rng.Next(9) switch
    {
        0 => Pick(Traversal),
        1 => Pick(Sql),
        2 => Pick(Injection),
        3 => Pick(Unicode),
        4 => Pick(Numbers),
        5 => Pick(Addresses),
        6 => Pick(Cidrs),
        7 => rng.Next(4) == 0 ? Long() : GuidLike(),
        _ => Pick(Sql) + Pick(Unicode) + Pick(Traversal),
    };

    string GuidLike()
    {
        var g = new Guid(Bytes(16));
        return rng.Next(9) switch
        {
            0 => Guid.Empty.ToString(),
            1 => g.ToString("B"),
            2 => g.ToString().ToUpperInvariant(),
            3 => g.ToString("N"),
            4 => g + "x",
            5 => g.ToString()[..35],
            6 => g.ToString("P"),
            7 => g + "/" + g,
            _ => g.ToString(),
        };
    }

    byte[] Bytes(int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    T Pick<T>(params T[] items) => items[rng.Next(items.Length)];

    bool Chance(double p) => rng.NextDouble() < p;

    // ---------------------------------------------------------------- requests

    public RawRequest Next()
    {
        sequence++;
        var route = Pick(catalog.Routes.ToArray());
        var kinds = new List<string>();

        var method = route.Method;
        if (Chance(0.12))
        {
            method = Pick("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "get", "X-EVIL");
            kinds.Add("method");
        }

        var (path, ownIds) = BuildPath(route, kinds);
        var query = BuildQuery(route, kinds);
        var request = new RawRequest(method, path, EncodeQuery(query)) { Kind = "" };

        var hasBody = method is "POST" or "PUT" or "PATCH" || (method is "DELETE" or "GET" && Chance(0.05));
        if (hasBody) request = WithBody(request, route, kinds);
        else if (Chance(0.05))
        {
            request = request.WithHeader("Content-Type", Pick("application/json", "text/plain", "application/xml"));
            kinds.Add("content-type-without-body");
        }

        if (Chance(0.08))
        {
            request = request.WithHeader("Accept", Pick("application/xml", "text/html", "*/*", "", "application/json;q=0", "garbage/garbage/garbage", "image/png"));
            kinds.Add("accept");
        }

        request = Authenticate(request, route, query, kinds);
        return request with { Kind = $"#{sequence} {string.Join(",", kinds)}{(ownIds ? "" : " foreign-or-hostile-ids")}", RouteName = route.ToString() };
    }

    (string Path, bool OwnIds) BuildPath(Route route, List<string> kinds)
    {
        var own = true;
        var path = route.Template;
        foreach (var parameter in route.PathParameters)
        {
            string value;
            var mine = attacker.ValuesFor(route, parameter);
            var theirs = victim.ValuesFor(route, parameter);
            var roll = rng.NextDouble();
            if (parameter is "projectId" ? roll < 0.75 : roll < 0.4)
                value = mine.Count > 0 ? Pick(mine.ToArray()) : AnyHostileString();
            else if (roll < 0.6 && theirs.Count > 0)
            {
                value = Pick(theirs.ToArray());
                own = false;
                kinds.Add("victim-id");
            }
            else
            {
                value = parameter == "address" && Chance(0.5) ? Pick(Addresses) : AnyHostileString();
                own = false;
                kinds.Add("hostile-id");
            }
            path = path.Replace("{" + parameter + "}", value);
        }

        // Compute routes are also served under /v2/{tenant} and /v2.1/{tenant}.
        if (IsCompute(route.Template) && Chance(0.2))
        {
            var tenant = rng.Next(5) switch
            {
                0 => victim.Account.TenantId,
                1 => AnyHostileString(),
                _ => attacker.Account.TenantId,
            };
            path = (Chance(0.5) ? "/v2/" : "/v2.1/") + tenant + path.TrimEnd('/');
            kinds.Add("compute-prefix");
        }

        if (Chance(0.08))
        {
            path = rng.Next(7) switch
            {
                0 => path + "/",
                1 => path + "/" + Pick(Traversal),
                2 => path.ToUpperInvariant(),
                3 => path.Replace("/", "//"),
                4 => path + ".json",
                5 => path + "/" + AnyHostileString(),
                _ => "/" + Pick(Traversal) + path,
            };
            kinds.Add("path");
        }
        if (!path.StartsWith('/')) path = "/" + path;
        return (path, own);
    }

    static bool IsCompute(string template) =>
        !(template.StartsWith("/v1/") || template.StartsWith("/v2.0") || template.StartsWith("/v3") || template.StartsWith("/history")
          || template.StartsWith("/_") || template.StartsWith("/networking")
          || template is "/" or "/health" or "/v2" or "/v2.1" || template.StartsWith("/openapi"));

    static readonly string[] CommonQueryKeys =
    [
        "limit", "marker", "page_reverse", "network_id", "device_id", "subnet_id", "vpc_id", "id", "name", "fixed_ips", "ip_address",
        "at", "version", "after", "tenant_id", "project_id", "fields", "sort_key", "sort_dir", "all_tenants", "changes-since",
    ];

    List<KeyValuePair<string, string>> BuildQuery(Route route, List<string> kinds)
    {
        var query = new List<KeyValuePair<string, string>>();
        if (route.QueryParameters.Count > 0 && Chance(0.6))
        {
            foreach (var key in route.QueryParameters)
                if (Chance(0.7)) query.Add(KeyValuePair.Create(key, QueryValue(key)));
            kinds.Add("query");
        }
        if (Chance(0.25))
        {
            var count = rng.Next(1, 4);
            for (var i = 0; i < count; i++)
            {
                var key = Chance(0.85) ? Pick(CommonQueryKeys) : AnyHostileString();
                query.Add(KeyValuePair.Create(key, QueryValue(key)));
                if (Chance(0.2)) query.Add(KeyValuePair.Create(key, QueryValue(key))); // the same key twice
            }
            kinds.Add("hostile-query");
        }
        return query;
    }

    string QueryValue(string key) => key switch
    {
        "limit" or "version" or "after" => Chance(0.7) ? Pick(Numbers) : AnyHostileString(),
        "at" or "changes-since" => Pick("2026-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
            "2026-13-45T25:61:61Z", "yesterday", "-1", "2026-01-01T00:00:00+14:00", "2026-01-01T00:00:00.1234567890Z", AnyHostileString()),
        "network_id" or "subnet_id" or "device_id" or "vpc_id" or "id" or "marker" => rng.Next(3) switch
        {
            0 => Pick(victim.NeutronNetworkId, victim.ServerId, victim.VpcId, victim.VpcSubnetId, victim.PrivateIpId, victim.SharedIpId),
            1 => Pick(attacker.NeutronNetworkId, attacker.ServerId, attacker.VpcId, attacker.VpcSubnetId, Scenarios.PublicNet),
            _ => AnyHostileString(),
        },
        "ip_address" or "fixed_ips" => Chance(0.6) ? Pick(Addresses) : AnyHostileString(),
        _ => AnyHostileString(),
    };

    string EncodeQuery(List<KeyValuePair<string, string>> query)
    {
        if (query.Count == 0) return Chance(0.02) ? Pick("?", "?&&&", "?=", "?%", "?a=%zz", "?a[b]=c&a[]=d") : "";
        // Mostly escaped as a client would; sometimes raw, as a broken one would.
        var raw = Chance(0.15);
        return "?" + string.Join('&', query.Select(p => raw ? $"{p.Key}={p.Value}" : $"{Escape(p.Key)}={Escape(p.Value)}"));
    }

    static string Escape(string text)
    {
        // Lone surrogates cannot be escaped as UTF-8; they go through as U+FFFD, as a client's encoder would send them.
        var clean = new string(text.Select(c => char.IsSurrogate(c) ? '\uFFFD' : c).ToArray());
        try
        {
            return Uri.EscapeDataString(clean);
        }
        catch (UriFormatException)
        {
            return "x";
        }
    }

    // ---------------------------------------------------------------- bodies

    RawRequest WithBody(RawRequest request, Route route, List<string> kinds)
    {
        var template = route.BodySchema is null ? new JsonObject { ["anything"] = "x" } : Instance(route.BodySchema, route, "", 0) ?? new JsonObject();
        string? text = null;
        byte[]? bytes = null;
        var roll = rng.Next(100);
        switch (roll)
        {
            case < 10:
                text = template.ToJsonString();
                kinds.Add("valid-shape");
                break;
            case < 42:
                text = MutateField(template).ToJsonString();
                kinds.Add("field");
                break;
            case < 56:
                text = Malformed(template.ToJsonString());
                kinds.Add("malformed");
                break;
            case < 63:
                text = DuplicateKeys(template);
                kinds.Add("duplicate-keys");
                break;
            case < 66:
                var depth = Pick(65, 100, 1000, 20000);
                text = Chance(0.5) ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                kinds.Add("deep");
                break;
            case < 72:
                text = Pick("[]", "[{}]", "\"string\"", "42", "null", "true", "-0", "1e999", "[" + template.ToJsonString() + "]", "{}");
                kinds.Add("top-level-type");
                break;
            case < 74:
                bytes = OverLimit(template);
                kinds.Add("over-limit");
                break;
            case < 79:
                text = "";
                kinds.Add("empty");
                break;
            case < 86:
                bytes = BadEncoding(template.ToJsonString());
                kinds.Add("encoding");
                break;
            case < 90:
                text = WithLongStrings(template).ToJsonString();
                kinds.Add("long-strings");
                break;
            default:
                text = Pick("a=b&c=d", "<xml><pool>default</pool></xml>", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--",
                    "\u0000\u0001\u0002", "{'single':'quotes'}", "{\"a\":1,}", "{\"a\":1}/*comment*/", "{\"a\":1}{\"b\":2}", "{\"a\":NaN}");
                kinds.Add("not-json");
                break;
        }
        bytes ??= Encoding.UTF8.GetBytes(SpliceRawLiterals(text!));

        var contentType = Chance(0.85)
            ? "application/json"
            : Pick("text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
                "application/json; charset=latin1", "application/json; charset=utf-16", "garbage", "", "application/json-patch+json",
                "*/*", "application/merge-patch+json", "APPLICATION/JSON", "application/vnd.openstack.compute+json;version=2.1");
        if (contentType != "application/json") kinds.Add("media-type");
        if (contentType.Length > 0) request = request.WithHeader("Content-Type", contentType);
        var chunked = Chance(0.1);
        if (chunked) kinds.Add("chunked");
        return request with { Body = bytes, DeclareLength = !chunked };
    }

    /// <summary>A well-formed body for the schema, with this tenant's (or the victim's) ids where ids go.</summary>
    JsonNode? Instance(JsonNode schema, Route route, string name, int depth)
    {
        if (depth > 8) return null;
        var special = ValueNamed(name, route);
        if (special is not null) return special;

        if (schema["oneOf"] is JsonArray oneOf)
        {
            var nonNull = oneOf.FirstOrDefault(s => s?["type"]?.ToString() != "null");
            return nonNull is null ? null : Instance(nonNull, route, name, depth + 1);
        }
        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
            JsonValue v => v.GetValue<string>(),
            _ => schema["properties"] is not null ? "object" : null,
        };
        switch (type)
        {
            case "object":
                var obj = new JsonObject();
                if (schema["properties"] is JsonObject properties)
                    foreach (var (key, sub) in properties)
                        if (sub is not null && Chance(0.9) && Instance(sub, route, key, depth + 1) is { } value)
                            obj[key] = value;
                return obj;
            case "array":
                var item = schema["items"] is { } items ? Instance(items, route, Singular(name), depth + 1) : null;
                return item is null ? new JsonArray() : new JsonArray(item);
            case "string":
                return JsonValue.Create(Chance(0.5) ? "fuzz" : AnyHostileString());
            case "integer" or "number":
                return JsonValue.Create(4);
            case "boolean":
                return JsonValue.Create(true);
            default:
                return JsonValue.Create("x");
        }
    }

    static string Singular(string name) => name.EndsWith("_ids") ? name[..^1] : name;

    /// <summary>The fields every family's bodies share, filled so that a request reaches the rules behind the parser.</summary>
    JsonNode? ValueNamed(string name, Route route)
    {
        var world = Chance(0.8) ? attacker : victim;
        return name switch
        {
            "network_id" or "uuid" => JsonValue.Create(Pick(world.NeutronNetworkId, world.IsolatedNetworkId, Scenarios.PublicNet, Scenarios.ServiceNet)),
            "subnet_id" => JsonValue.Create(route.Template.StartsWith("/v1/") ? world.VpcSubnetId : world.NeutronSubnetId),
            "vpc_id" => JsonValue.Create(world.VpcId),
            "port_id" => JsonValue.Create(world.PortId),
            "device_id" => JsonValue.Create(world.ServerId),
            "address" => JsonValue.Create(Chance(0.7) ? world.FloatingIpAddress : Pick(Addresses)),
            "fixed_address" => JsonValue.Create(Pick(Addresses)),
            "ip_address" when route.Template.StartsWith("/v1/") => JsonValue.Create(Pick(Addresses)),
            "cidr" => JsonValue.Create(Pick(Cidrs)),
            "gateway_ip" => JsonValue.Create(Pick(Addresses)),
            "pool" => JsonValue.Create(Pick("default", "nope", AnyHostileString())),
            "version" or "ip_version" => Pick<JsonNode?>(JsonValue.Create(4), JsonValue.Create(6), JsonValue.Create("4"), JsonValue.Create(5)),
            "networks" => new JsonArray(new JsonObject { ["uuid"] = Pick(world.IsolatedNetworkId, Scenarios.PublicNet) }),
            "subnet" when route.Template == "/v2.0/subnets" => new JsonObject
            {
                ["network_id"] = world.NeutronNetworkId, ["cidr"] = Pick(Cidrs), ["ip_version"] = Pick(4, 6), ["name"] = "fuzz",
            },
            "username" => JsonValue.Create(Pick("demo", "other", AnyHostileString())),
            "password" => JsonValue.Create(Pick("demo-password", "wrong", AnyHostileString())),
            "apiKey" => JsonValue.Create(Pick("demo-api-key", AnyHostileString())),
            "methods" => new JsonArray(JsonValue.Create(Pick("password", "token", "totp"))),
            "metadata" => new JsonObject { ["k"] = "v" },
            _ => null,
        };
    }

    /// <summary>Every leaf (and inner node) of a JSON document, with a way to replace it.</summary>
    static List<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode node)
    {
        var slots = new List<(JsonNode, string?, int)>();
        void Walk(JsonNode n)
        {
            if (n is JsonObject o)
                foreach (var (k, v) in o.ToList())
                {
                    slots.Add((o, k, -1));
                    if (v is not null) Walk(v);
                }
            else if (n is JsonArray a)
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, null, i));
                    if (a[i] is { } v) Walk(v);
                }
        }
        Walk(node);
        return slots;
    }

    /// <summary>JSON literals that a JSON object model will not hold as they are written: escapes of lone surrogates and
    /// NUL, numbers beyond double, invalid escapes. They go in as placeholders and are spliced into the text at the end.</summary>
    static readonly string[] RawLiterals =
    [
        "\"\\uD800\"", "\"x\\uDC00y\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\uD83D\\uDE00\"", "\"\\uFFFF\"", "\"\\uDBFF\\uD800\"",
        "1E400", "-1E400", "-0.0", "123456789012345678901234567890e-5", "\"\\x41\"", "\"\\u12\"", "\"tab\tin string\"",
    ];

    static string Placeholder(int index) => $"__RAW_JSON_{index}__";

    static string SpliceRawLiterals(string json)
    {
        for (var i = 0; i < RawLiterals.Length; i++) json = json.Replace($"\"{Placeholder(i)}\"", RawLiterals[i]);
        return json;
    }

    JsonNode HostileValue() => rng.Next(16) switch
    {
        14 or 15 => JsonValue.Create(Placeholder(rng.Next(RawLiterals.Length)))!,
        0 => JsonValue.Create(Pick(long.MaxValue, long.MinValue, -1L, 0L, 4294967296L))!,
        1 => JsonNode.Parse(Pick("1e308", "-1e308", "1.7976931348623157e308", "5e-324", "123456789012345678901234567890", "0.1"))!,
        2 => JsonValue.Create(true)!,
        3 => new JsonArray(JsonValue.Create(AnyHostileString())),
        4 => new JsonObject { [AnyHostileString()] = AnyHostileString() },
        5 => new JsonArray(),
        6 => new JsonObject(),
        7 => JsonValue.Create(Pick(Addresses))!,
        8 => JsonValue.Create(Pick(Cidrs))!,
        9 => JsonValue.Create(Pick(Unicode))!,
        10 => JsonValue.Create(Long())!,
        11 => JsonValue.Create(Pick(Sql))!,
        12 => JsonValue.Create(GuidLike())!,
        _ => JsonValue.Create(AnyHostileString())!,
    };

    JsonNode MutateField(JsonNode template)
    {
        var doc = template.DeepClone();
        var slots = Slots(doc);
        var count = slots.Count == 0 ? 0 : rng.Next(1, Math.Min(3, slots.Count) + 1);
        for (var i = 0; i < count; i++)
        {
            var (parent, key, index) = slots[rng.Next(slots.Count)];
            var value = Chance(0.1) ? null : HostileValue();
            try
            {
                if (key is not null) ((JsonObject)parent)[key] = value;
                else ((JsonArray)parent)[index] = value;
            }
            catch (InvalidOperationException)
            {
                // The slot was detached by an earlier replacement.
            }
        }
        if (doc is JsonObject root && Chance(0.2)) root[AnyHostileString()] = HostileValue(); // an unknown member
        if (slots.Count == 0 && doc is JsonObject empty) empty["x"] = HostileValue();
        return doc;
    }

    string Malformed(string json)
    {
        if (json.Length == 0) json = "{}";
        return rng.Next(8) switch
        {
            0 => json[..rng.Next(json.Length)],                                  // truncated
            1 => json.Insert(rng.Next(json.Length), Pick("\"", "{", "}", "[", "]", ",", ":", "\\", "\u0000")),
            2 => json.Replace("\"", "'"),
            3 => json.Replace(":", ""),
            4 => json + Pick("}", "]", ",", "garbage", "\n{}"),
            5 => "\uFEFF" + json,                                                // a byte order mark
            6 => json.Replace(",", ",,"),
            _ => json.Remove(rng.Next(json.Length), 1),
        };
    }

    string DuplicateKeys(JsonNode template)
    {
        var json = template.ToJsonString();
        // Repeat the first member of the outermost object, once with its own value and once with a hostile one.
        if (template is JsonObject o && o.Count > 0)
        {
            var (key, value) = o.First();
            var member = $"\"{key}\":{(value is null ? "null" : value.ToJsonString())}";
            var other = $"\"{key}\":{HostileValue().ToJsonString()}";
            return "{" + member + "," + (Chance(0.5) ? member : other) + json[1..].Insert(0, json.Length > 2 ? "," : "");
        }
        return "{\"a\":1,\"a\":2}";
    }

    byte[] OverLimit(JsonNode template)
    {
        var size = (int)BodyLimit + Pick(1, 100, 4096, 512 * 1024);
        var prefix = "{\"pad\":\"";
        var bytes = new byte[size];
        Encoding.ASCII.GetBytes(prefix).CopyTo(bytes, 0);
        Array.Fill(bytes, (byte)'a', prefix.Length, size - prefix.Length - 2);
        bytes[^2] = (byte)'"';
        bytes[^1] = (byte)'}';
        return bytes;
    }

    byte[] BadEncoding(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json).ToList();
        var at = rng.Next(bytes.Count + 1);
        var junk = Pick<byte[]>([0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF0, 0x28, 0x8C, 0xBC], [0xC0, 0xAF], [0x00], [0xFE, 0xFF]);
        bytes.InsertRange(at, junk);
        if (Chance(0.3)) return Encoding.Unicode.GetBytes(json); // UTF-16
        return bytes.ToArray();
    }

    JsonNode WithLongStrings(JsonNode template)
    {
        var doc = template.DeepClone();
        foreach (var (parent, key, index) in Slots(doc))
        {
            var current = key is not null ? ((JsonObject)parent)[key] : ((JsonArray)parent)[index];
            if (current is JsonValue v && v.TryGetValue<string>(out _))
            {
                var text = Long();
                if (key is not null) ((JsonObject)parent)[key] = text;
                else ((JsonArray)parent)[index] = text;
            }
        }
        return doc;
    }

    // ---------------------------------------------------------------- credentials

    RawRequest Authenticate(RawRequest request, Route route, List<KeyValuePair<string, string>> query, List<string> kinds)
    {
        var roll = rng.Next(100);
        switch (roll)
        {
            case < 62:
                return request.WithHeader("X-Auth-Token", attacker.Token);
            case < 67:
                kinds.Add("bad-token");
                return request.WithHeader("X-Auth-Token", Pick(AnyHostileString().Replace("\r", "").Replace("\n", ""), "0123456789abcdef0123456789abcdef",
                    attacker.Token.ToUpperInvariant(), attacker.Token + "0", attacker.Token[..^1], " "));
            case < 71:
                kinds.Add("expired-token");
                return request.WithHeader("X-Auth-Token", credentials.ExpiredToken);
            case < 75:
                kinds.Add("revoked-token");
                return request.WithHeader("X-Auth-Token", credentials.RevokedToken);
            case < 80:
                kinds.Add("basic");
                return request.WithHeader("Authorization", attacker.Account.BasicHeader);
            case < 85:
                kinds.Add("bad-basic");
                return request.WithHeader("Authorization", Pick(
                    "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{attacker.Account.User}:wrong")),
                    "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{victim.Account.User}:{attacker.Account.Password}")),
                    "Basic !!!not-base64!!!", "Basic ", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("nocolon")),
                    "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":")), "Bearer " + attacker.Token, "Digest x", AnyHostileString()));
            case < 93:
                return SignAkSk(request, route, query, kinds);
            default:
                kinds.Add("anonymous");
                return request;
        }
    }

    RawRequest SignAkSk(RawRequest request, Route route, List<KeyValuePair<string, string>> query, List<string> kinds)
    {
        var now = DateTimeOffset.UtcNow;
        var roll = rng.Next(6);
        var signedAt = roll == 0 ? now.AddMinutes(Pick(-16, 16, -60 * 24, 60 * 24 * 365)) : now;
        var date = roll == 1 ? Pick("yesterday", "20261301T000000Z", "", "2026-01-01T00:00:00Z") : HuaweiSdkSigner.DateOf(signedAt);
        var secret = roll == 2 ? "wrong-secret" : credentials.SecretKey;
        var key = roll == 3 ? Pick("UNKNOWNAK", "", AnyHostileString()) : credentials.AccessKey;
        kinds.Add(roll switch { 0 => "ak-sk-stale", 1 => "ak-sk-bad-date", 2 => "ak-sk-wrong-secret", 3 => "ak-sk-unknown-key", 4 => "ak-sk-malformed", _ => "ak-sk" });
        if (roll == 4)
            return request.WithHeader("X-Sdk-Date", date).WithHeader("Authorization", Pick("SDK-HMAC-SHA256", "SDK-HMAC-SHA256 Access=",
                "SDK-HMAC-SHA256 Access=a, SignedHeaders=, Signature=", "SDK-HMAC-SHA256 " + AnyHostileString(),
                $"SDK-HMAC-SHA256 Access={credentials.AccessKey}, SignedHeaders=host;x-sdk-date, Signature={new string('0', 64)}"));

        var headers = new Dictionary<string, string> { ["host"] = "localhost", ["x-sdk-date"] = date };
        var body = request.Body is null ? "" : Encoding.UTF8.GetString(request.Body);
        string authorization;
        try
        {
            authorization = new HuaweiSdkSigner(key, secret).Sign(request.Method, request.Path, query, headers, body);
        }
        catch (Exception)
        {
            authorization = "SDK-HMAC-SHA256 Access=x, SignedHeaders=host, Signature=00";
        }
        return request.WithHeader("X-Sdk-Date", date).WithHeader("Authorization", authorization);
    }
}
