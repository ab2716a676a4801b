using HubRealtime.Abstractions.Errors;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// Turns every failure of a hub method into a typed hub error "code: message" (docs/protocol.md), so
/// clients can act on it and the connection stays usable. Server faults are logged, never described.
/// </summary>
public sealed partial class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (HubRealtimeException error)
        {
            throw new HubException($"{error.Code}: {error.Message}");
        }
        catch (HubException)
        {
            throw;
        }
        catch (Exception error) when (error is TimeoutException or OrleansException)
        {
            LogFailure(error, context.HubMethodName);
            throw new HubException($"{ErrorCodes.Unavailable}: The service is busy or restarting; try again.");
        }
        catch (Exception error)
        {
            LogFailure(error, context.HubMethodName);
            throw new HubException($"{ErrorCodes.Internal}: The server failed to handle this request.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {Method} failed")]
    private partial void LogFailure(Exception error, string method);
}
