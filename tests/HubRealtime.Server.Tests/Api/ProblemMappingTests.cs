using System.Reflection;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Server.Http;
using Microsoft.AspNetCore.Http;

namespace HubRealtime.Server.Tests.Api;

public sealed class ProblemMappingTests
{
    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            data.Add((string)field.GetRawConstantValue()!);
        }
        return data;
    }

    /// <summary>A new error code without an HTTP status fails here instead of answering 500.</summary>
    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_error_code_has_an_http_status_and_only_internal_is_500(string code)
    {
        var result = Assert.IsAssignableFrom<IStatusCodeHttpResult>(ProblemResults.From(new HubRealtimeException(code, "x")));

        Assert.Equal(code == ErrorCodes.Internal, result.StatusCode == StatusCodes.Status500InternalServerError);
        Assert.InRange(result.StatusCode ?? 0, 400, 599);
    }
}
