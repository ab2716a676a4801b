using HubRealtime.Abstractions.Errors;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// Turns every failure of a hub method into a typed hub error "code: message" (docs/protocol.md), so
/// clients can act on it and the connection stays usable. It is the one place hub failures are logged:
/// an expected refusal is a Debug line and a count in <see cref="HubRefusals"/>; a server fault is an
/// Error with its exception, never described to the client. (SignalR's own "Failed to invoke" Error
/// is silenced in <see cref="HubErrorSetup"/>, or every refusal would be an Error with a stack trace.)
/// </summary>
public sealed partial class HubErrorFilter(ILogger<HubErrorFilter> logger, HubRefusals refusals) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            HubText.RequireValidArguments(context.HubMethodArguments);
            return await next(context);
        }
        catch (HubRealtimeException error)
        {
            LogRefusal(context.HubMethodName, error.Code, error.Message);
            refusals.Count(error.Code, context.HubMethodName);
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

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            await next(context);
        }
        catch (Exception error) when (error is not HubException)
        {
            LogLifetimeFailure(error, "connect", context.Context.ConnectionId);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        catch (Exception error)
        {
            LogLifetimeFailure(error, "disconnect", context.Context.ConnectionId);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Hub method {Method} refused: {Code}: {Reason}")]
    private partial void LogRefusal(string method, string code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {Method} failed")]
    private partial void LogFailure(Exception error, string method);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub {Stage} of connection {ConnectionId} failed")]
    private partial void LogLifetimeFailure(Exception error, string stage, string connectionId);
}
