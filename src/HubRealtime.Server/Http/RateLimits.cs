using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Server.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace HubRealtime.Server.Http;

/// <summary>A token bucket: <see cref="TokenLimit"/> calls at once, refilled by <see cref="TokensPerPeriod"/> every <see cref="PeriodSeconds"/>.</summary>
public sealed class TokenBucketSettings
{
    public int TokenLimit { get; set; }
    public int TokensPerPeriod { get; set; }
    public double PeriodSeconds { get; set; }

    internal bool IsValid => TokenLimit > 0 && TokensPerPeriod > 0 && PeriodSeconds > 0;

    internal TokenBucketRateLimiterOptions ToOptions() => new()
    {
        TokenLimit = TokenLimit,
        TokensPerPeriod = TokensPerPeriod,
        ReplenishmentPeriod = TimeSpan.FromSeconds(PeriodSeconds),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>A fixed window: <see cref="PermitLimit"/> requests per <see cref="WindowSeconds"/>.</summary>
public sealed class FixedWindowSettings
{
    public int PermitLimit { get; set; }
    public double WindowSeconds { get; set; }

    internal bool IsValid => PermitLimit > 0 && WindowSeconds > 0;

    internal FixedWindowRateLimiterOptions ToOptions() => new()
    {
        PermitLimit = PermitLimit,
        Window = TimeSpan.FromSeconds(WindowSeconds),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>The <c>HubRealtime:RateLimits</c> configuration section.</summary>
public sealed class RateLimitSettings
{
    public const string Section = "HubRealtime:RateLimits";

    /// <summary>False turns every limit off (benchmarks only; never in production).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Every /api request, per authenticated user (per remote IP when none): 120 at once, 120 a minute.</summary>
    public TokenBucketSettings Api { get; set; } = new() { TokenLimit = 120, TokensPerPeriod = 20, PeriodSeconds = 10 };

    /// <summary>The "sign-in" policy, per remote IP: 10 a minute. (Per e-mail, the user grain locks an account after 5 failures.)</summary>
    public FixedWindowSettings SignIn { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary>The anonymous invitation endpoints, per remote IP: 20 a minute.</summary>
    public FixedWindowSettings Invitations { get; set; } = new() { PermitLimit = 20, WindowSeconds = 60 };

    /// <summary>Every hub method call, per user: 100 at once, 30 a second.</summary>
    public TokenBucketSettings Hub { get; set; } = new() { TokenLimit = 100, TokensPerPeriod = 30, PeriodSeconds = 1 };
}

/// <summary>
/// ASP.NET Core rate limiting for the HTTP API and the anonymous endpoints; answers 429 with a
/// ProblemDetails (code rate_limited) and Retry-After. Hub calls are limited by <see cref="HubRateLimitFilter"/>.
/// </summary>
public static class RateLimits
{
    /// <summary>Attach to sign-in-like endpoints with <c>.RequireRateLimiting(RateLimits.SignInPolicy)</c>.</summary>
    public const string SignInPolicy = "sign-in";

    public const string InvitationPolicy = "invitations";

    public static IServiceCollection AddHubRealtimeRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitSettings>()
            .BindConfiguration(RateLimitSettings.Section)
            .Validate(s => s.Api.IsValid && s.SignIn.IsValid && s.Invitations.IsValid && s.Hub.IsValid,
                $"Every limit under {RateLimitSettings.Section} needs positive numbers.")
            .ValidateOnStart();
        services.AddSingleton<HubRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>((options, settingsOptions) =>
        {
            var settings = settingsOptions.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                settings.Enabled && http.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetTokenBucketLimiter(UserOrAddress(http), _ => settings.Api.ToOptions())
                    : RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(SignInPolicy, http => settings.Enabled
                ? RateLimitPartition.GetFixedWindowLimiter("ip:" + AddressOf(http), _ => settings.SignIn.ToOptions())
                : RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(InvitationPolicy, http => settings.Enabled
                ? RateLimitPartition.GetFixedWindowLimiter("ip:" + AddressOf(http), _ => settings.Invitations.ToOptions())
                : RateLimitPartition.GetNoLimiter(""));
        });
        return services;
    }

    private static string UserOrAddress(HttpContext http) =>
        CallerIdentity.FromPrincipal(http.User) is { } caller ? "user:" + caller.UserId : "ip:" + AddressOf(http);

    private static string AddressOf(HttpContext http) => (http.Connection.RemoteIpAddress ?? IPAddress.None).ToString();

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ProblemResults.Problem(
            StatusCodes.Status429TooManyRequests,
            ErrorCodes.RateLimited,
            $"Too many requests; try again in {seconds} s.").ExecuteAsync(context.HttpContext);
    }
}
