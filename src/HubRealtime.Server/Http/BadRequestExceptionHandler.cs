using System.Text.Json;
using HubRealtime.Abstractions.Errors;
using Microsoft.AspNetCore.Diagnostics;

namespace HubRealtime.Server.Http;

/// <summary>
/// A request the framework cannot bind (malformed JSON, wrong types) is the client's fault: answer 400
/// with a ProblemDetails and the invalid_argument code instead of a server error.
/// </summary>
internal sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (BadHttpRequestException or JsonException))
        {
            return false;
        }
        var detail = exception is JsonException ? "The body is not valid JSON of the expected shape." : exception.Message;
        await ProblemResults.Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidArgument, detail).ExecuteAsync(httpContext);
        return true;
    }
}
