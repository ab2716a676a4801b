using System.Globalization;
using System.Threading.RateLimiting;
using HubRealtime.Abstractions.Errors;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace HubRealtime.Server.Http;

/// <summary>One token bucket per user for hub method calls (settings: <see cref="RateLimitSettings.Hub"/>).</summary>
public sealed class HubRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public HubRateLimiter(IOptions<RateLimitSettings> options)
    {
        var settings = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(user => settings.Enabled
            ? RateLimitPartition.GetTokenBucketLimiter(user, _ => settings.Hub.ToOptions())
            : RateLimitPartition.GetNoLimiter(""));
    }

    public RateLimitLease Acquire(string user) => _limiter.AttemptAcquire(user);

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// Refuses a hub call over the caller's budget with the typed error "rate_limited: …"; nothing is done
/// and the connection stays open. Registered after <c>HubErrorFilter</c>, which logs and counts it as a refusal.
/// </summary>
public sealed class HubRateLimitFilter(HubRateLimiter limiter) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var user = context.Context.UserIdentifier is { Length: > 0 } id ? "user:" + id : "connection:" + context.Context.ConnectionId;
        using (var lease = limiter.Acquire(user))
        {
            if (!lease.IsAcquired)
            {
                var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
                throw new HubRealtimeException(ErrorCodes.RateLimited, string.Create(CultureInfo.InvariantCulture,
                    $"Too many calls; slow down and try again in {seconds} s."));
            }
        }
        return await next(context);
    }
}
