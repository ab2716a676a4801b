namespace HubRealtime.Abstractions.Errors;

/// <summary>
/// A rule was broken by the caller's input or rights. Thrown by grains (and crosses silos intact),
/// turned into a typed hub error or a ProblemDetails at the edge. Anything else is a server fault.
/// </summary>
[GenerateSerializer, Alias("HubRealtime.Abstractions.Errors.HubRealtimeException")]
public sealed class HubRealtimeException : Exception
{
    public HubRealtimeException(string code, string message) : base(message) => Code = code;

    /// <summary>One of <see cref="ErrorCodes"/>.</summary>
    [Id(0)]
    public string Code { get; }

    public static HubRealtimeException Invalid(string message) => new(ErrorCodes.InvalidArgument, message);
}
