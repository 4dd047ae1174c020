namespace CloudNet.Identity.Signing;

public enum AkSkFailure
{
    MalformedAuthorization,
    UnknownAccessKey,
    MalformedDate,
    StaleDate,
    SignedHeaderMissing,
    SignatureMismatch,
}

/// <summary>The outcome of checking a signed request; a failure says which check refused it.</summary>
/// <param name="Detail">The signed header that is missing, where that is the failure.</param>
/// <param name="CanonicalRequest">What the server signed, for the operator's log when the signatures differ:
/// comparing it with the client's is how a signing difference is found. It holds no secret.</param>
public sealed record AkSkVerdict(AkSkFailure? Failure, string? Detail = null, string? CanonicalRequest = null)
{
    public static readonly AkSkVerdict Valid = new((AkSkFailure?)null);

    public bool IsValid => Failure is null;

    public static AkSkVerdict Refused(AkSkFailure failure, string? detail = null, string? canonicalRequest = null) =>
        new(failure, detail, canonicalRequest);

    /// <summary>What the client is told: enough to fix its signer, nothing about the secret.</summary>
    public string Message => Failure switch
    {
        null => "",
        AkSkFailure.MalformedAuthorization =>
            $"The Authorization header is not of the form '{AkSkAuthorization.Scheme} Access=..., SignedHeaders=..., Signature=...'.",
        AkSkFailure.UnknownAccessKey => "Unknown access key.",
        AkSkFailure.MalformedDate => $"The {AkSkSignature.DateHeader} header is missing or not of the form yyyyMMddTHHmmssZ (UTC).",
        AkSkFailure.StaleDate => "Request date is more than 15 minutes from the server's time.",
        AkSkFailure.SignedHeaderMissing => $"The signed header '{Detail}' is not in the request.",
        AkSkFailure.SignatureMismatch => "Signature does not match.",
        _ => "The request signature could not be verified.",
    };
}
