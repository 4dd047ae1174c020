namespace CloudNet.Errors;

/// <summary>What kind of refusal a rule made. Each API family renders it in its own format and status.</summary>
public enum RejectionKind
{
    BadRequest = 400,
    Unauthorized = 401,
    Forbidden = 403,
    NotFound = 404,
    Conflict = 409,
    OverLimit = 413,
}

/// <summary>
/// A business rule refused a command. Thrown by rules and endpoints, rendered once per API family by
/// <see cref="ErrorResponses"/>; the transaction is never committed, so nothing of the command is stored.
/// </summary>
/// <param name="Code">A family-specific error code where the family has one (Huawei <c>VPC.0701</c>,
/// Neutron's exception type name such as <c>IpAddressGenerationFailure</c>).</param>
public sealed class Rejection(RejectionKind kind, string message, string? code = null) : Exception(message)
{
    public RejectionKind Kind { get; } = kind;
    public string? Code { get; } = code;

    public static Rejection BadRequest(string message, string? code = null) => new(RejectionKind.BadRequest, message, code);
    public static Rejection NotFound(string message, string? code = null) => new(RejectionKind.NotFound, message, code);
    public static Rejection Conflict(string message, string? code = null) => new(RejectionKind.Conflict, message, code);
    public static Rejection Forbidden(string message, string? code = null) => new(RejectionKind.Forbidden, message, code);
    public static Rejection Unauthorized(string message, string? code = null) => new(RejectionKind.Unauthorized, message, code);
}
